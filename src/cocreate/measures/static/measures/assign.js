// The assignment form shows only the fields the chosen schedule uses; without script they all show, each
// saying which schedule it is for.
(function () {
  var uses = {
    session_kinds: ["before_sessions", "after_sessions"],
    every_nth: ["after_sessions"],
    every_days: ["every_n_days"],
    offsets_days: ["after_medicine"],
  };
  document.querySelectorAll("form[data-schedule-form]").forEach(function (form) {
    var select = form.querySelector("select[name=schedule]");
    if (!select) return;
    function apply() {
      Object.keys(uses).forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        var field = input && input.closest(".field");
        if (field) field.hidden = uses[name].indexOf(select.value) === -1;
      });
    }
    select.addEventListener("change", apply);
    apply();
  });
})();
