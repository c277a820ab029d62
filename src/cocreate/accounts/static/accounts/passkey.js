// Passkeys: asks the server for a challenge, lets the browser make or use a passkey, and posts its answer in a
// hidden field of the page's own form (no inline script: the content security policy forbids it).
(function () {
  'use strict'

  function csrfToken (form) {
    const input = form.querySelector('input[name=csrfmiddlewaretoken]')
    return input ? input.value : ''
  }

  async function fetchOptions (url, form) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrfToken(form) },
      credentials: 'same-origin'
    })
    if (!response.ok) throw new Error('options ' + response.status)
    return response.json()
  }

  function showError () {
    const error = document.getElementById('passkey-error')
    if (error) error.hidden = false
  }

  function credentialInput (form) {
    let input = form.querySelector('input[name=credential]')
    if (!input) {
      input = document.createElement('input')
      input.type = 'hidden'
      input.name = 'credential'
      form.appendChild(input)
    }
    return input
  }

  document.addEventListener('DOMContentLoaded', function () {
    const add = document.getElementById('add-passkey')
    if (add) {
      add.addEventListener('click', async function () {
        const form = add.closest('form')
        try {
          const data = await fetchOptions(add.dataset.optionsUrl, form)
          const credential = await window.webauthnJSON.create(data.creation_options)
          credentialInput(form).value = JSON.stringify(credential)
          form.submit()
        } catch (e) {
          showError()
        }
      })
    }
    const use = document.getElementById('use-passkey')
    if (use) {
      use.addEventListener('click', async function () {
        const form = document.getElementById(use.dataset.form)
        try {
          const data = await fetchOptions(use.dataset.optionsUrl, form)
          const credential = await window.webauthnJSON.get(data.request_options)
          credentialInput(form).value = JSON.stringify(credential)
          form.submit()
        } catch (e) {
          showError()
        }
      })
    }
  })
})()
