// After a passkey is added, show it in the list (django-otp-webauthn's script tells us when).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
