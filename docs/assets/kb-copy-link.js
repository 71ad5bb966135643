/* "Copy link to this step": a button on every decision step (question or outcome) that copies
   the page's address, so that a reader can send a colleague straight to this step.
   Progressive enhancement: without JavaScript there is no button and the address bar does the
   same job. No inline script or style (the site's Content-Security-Policy allows none), no
   network request. The result is announced to screen readers through a polite live region. */
(function () {
  "use strict";

  var step = document.querySelector("article.kb-step");
  if (!step || step.querySelector(".kb-copy-link")) {
    return;
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "kb-copy-link";
  button.textContent = "Copy link to this step";

  var status = document.createElement("span");
  status.className = "kb-copy-link__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  // Its own paragraph just before the step's "Back to / Start again" links: the decision walk
  // hides those links when it shows the answers summary, and the button must stay.
  var holder = document.createElement("p");
  holder.className = "kb-share";
  holder.appendChild(button);
  holder.appendChild(status);
  var links = step.querySelector(".kb-step-links");
  var heading = step.querySelector("h1");
  if (links) {
    links.parentNode.insertBefore(holder, links);
  } else if (heading) {
    heading.insertAdjacentElement("afterend", holder);
  } else {
    step.insertBefore(holder, step.firstChild);
  }

  var timer = null;
  function announce(text) {
    // Empty first, so that the same message twice in a row is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { status.textContent = ""; }, 6000);
  }

  // Where the asynchronous clipboard is missing (plain http:// on an intranet is not a
  // "secure context"), copy through a selected, off-screen text field.
  function copyBySelection(text) {
    var field = document.createElement("textarea");
    field.className = "kb-copy-link__buffer";
    field.value = text;
    field.setAttribute("readonly", "");
    field.setAttribute("aria-hidden", "true");
    field.tabIndex = -1;
    document.body.appendChild(field);
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(field);
    button.focus();
    return done;
  }

  button.addEventListener("click", function () {
    var href = window.location.href;
    var failed = function () {
      if (copyBySelection(href)) {
        announce("Link copied");
      } else {
        announce("Could not copy: copy the address from the address bar");
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(href).then(function () { announce("Link copied"); }, failed);
    } else {
      failed();
    }
  });
})();
