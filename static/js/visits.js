// The visit record's autosave. htmx posts the form as the director types (see visit_log.html);
// this adds what htmx cannot: a last save when the tab is hidden or closed (navigator.sendBeacon),
// and a clear message when a save fails. Without JavaScript the "Save draft" button does the job.

const form = document.querySelector("form[data-autosave-url]");

if (form) {
  const status = document.getElementById("autosave-status");
  let edits = 0;
  let saved = 0;
  let sending = 0;
  // Once the form is being submitted, the submission carries everything: an autosave racing it
  // would only compete for the same row.
  let submitting = false;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  form.addEventListener("input", () => {
    edits += 1;
  });
  form.addEventListener("change", () => {
    edits += 1;
  });
  form.addEventListener("htmx:beforeRequest", (event) => {
    if (submitting) {
      event.preventDefault();
      return;
    }
    sending = edits;
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) {
      saved = Math.max(saved, sending);
    }
  });
  const failed = () =>
    say("Your latest changes are not saved yet: check your connection, then choose Save draft. What you typed is still here.");
  // A refusal the server explains (someone else changed the same words meanwhile, the record was
  // submitted or sent for checking): its own words, read as text, never run as markup.
  const refused = (event) => {
    const xhr = event.detail.xhr;
    const answer =
      xhr && xhr.status >= 400 && xhr.status < 500 && xhr.responseText
        ? new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent.trim()
        : "";
    if (answer) say(`${answer} What you typed is still here.`);
    else failed();
  };
  form.addEventListener("htmx:responseError", refused);
  form.addEventListener("htmx:sendError", failed);

  // A real submission saves everything: no last-moment save behind it.
  form.addEventListener("submit", () => {
    submitting = true;
    saved = edits;
  });
  // Back to the page from the browser's cache: writing again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false;
  });

  const flush = () => {
    if (saved >= edits || !navigator.sendBeacon) return;
    if (navigator.sendBeacon(form.dataset.autosaveUrl, new FormData(form))) {
      saved = edits;
    }
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
}
