// Mark the page as having JavaScript, for GOV.UK Frontend's styles (a file, not an inline script).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
