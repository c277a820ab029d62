"""The second factor of staff and clients: allauth.mfa's authenticators behind the project's own sign-in."""
