// The explorer's page, after Voilà's frontend has drawn it (it runs again on every change of the
// page: widgets are drawn after the load and again on every tab switch).
//
// 1. Landmarks: Voilà's frontend moves #rendered_cells out of the template's <main> into a shell
//    of its own; the main landmark and the page's h1 follow it, and the empty <main> goes.
// 2. Slider handles: noUiSlider (ipywidgets' IntSlider and IntRangeSlider) draws handles with
//    role="slider" but no name; the name is the widget's own label (its description).
(function () {
  "use strict";
  function keepLandmark() {
    var cells = document.getElementById("rendered_cells");
    var main = document.querySelector("main.alloc-main");
    if (!cells || !main || main.contains(cells)) {
      return;
    }
    var title = main.querySelector("h1");
    if (title) {
      cells.insertBefore(title, cells.firstChild);
    }
    cells.setAttribute("role", "main");
    main.remove();
  }
  function nameHandles() {
    document.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
      var widget = handle.closest(".widget-slider");
      var label = widget && widget.querySelector(".widget-label");
      var text = label ? label.textContent.trim() : "";
      if (text) {
        handle.setAttribute("aria-label", text);
      }
    });
  }
  function fix() {
    keepLandmark();
    nameHandles();
  }
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fix();
      });
    }
  }).observe(document.body, { childList: true, subtree: true });
  fix();
})();
