/* Keyboard access to tables that scroll sideways (WCAG 2.1.1; axe: scrollable-region-focusable).
   Material wraps each table of a hand-written page in a scrolling box; a wide table can then be
   scrolled with the mouse only. A box that overflows becomes a focusable, named region, so the
   arrow keys scroll it. Runs after Material has drawn the page (its document$ observable). */
(function () {
  "use strict";

  function update() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(boxes, function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scrolls sideways)");
        box.classList.add("kb-scroll-region");
      } else if (!overflows && box.classList.contains("kb-scroll-region")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("kb-scroll-region");
      }
    });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else {
    window.addEventListener("load", update);
  }
})();
