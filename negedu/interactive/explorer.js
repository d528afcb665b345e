/* negedu explorer: swaps precomputed states of an interactive figure. No kernel, no network.
   Each explorer carries its states as JSON; this script wires its controls to them. The figures
   are data: URIs (in Jupyter) or files next to the page (on the website, where the book build
   moves them out of the page); files are fetched only once the explorer comes near the screen.
   A dark page (the book theme's dark mode, or JupyterLab's dark theme) gets the dark figures. */
(function () {
  "use strict";
  function isDark() {
    var body = document.body;
    return document.documentElement.getAttribute("data-theme") === "dark" ||
      (body !== null && body.getAttribute("data-jp-theme-light") === "false");
  }
  function init(root) {
    if (!root || root.getAttribute("data-ready") === "yes") return;
    var data = JSON.parse(root.querySelector("script.nx-data").textContent);
    var controls = data.params.map(function (p) {
      return root.querySelector('[data-param="' + p.name + '"]');
    });
    var img = root.querySelector(".nx-figure img");
    var caption = root.querySelector(".nx-text");
    var cells = data.keys.map(function (k) {
      return root.querySelector('td[data-key="' + k.replace(/"/g, '\\"') + '"]');
    });
    var current = 0;
    var near = false;  // has the explorer come near the screen (its figures may be fetched)?
    var kept = [];  // preloaded images, kept so the browser does not drop them
    function images() {
      return isDark() && data.dark_images ? data.dark_images : data.images;
    }
    function show() {
      var src = images()[data.states[current].img];
      if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    }
    function preload() {
      near = true;
      images().forEach(function (src) {
        if (src.slice(0, 5) === "data:") return;
        var image = new Image();
        image.decoding = "async";
        image.src = src;
        kept.push(image);
      });
    }
    function update() {
      var index = 0;
      data.params.forEach(function (p, i) {
        var position = parseInt(controls[i].value, 10);
        index = index * p.values.length + position;
        if (controls[i].type === "range") {
          var out = controls[i].parentNode.querySelector("output");
          if (out) out.textContent = p.shown[position];
          controls[i].setAttribute("aria-valuetext", p.shown[position]);
        }
      });
      var state = data.states[index];
      current = index;
      show();
      img.alt = state.text;
      caption.textContent = state.text;
      cells.forEach(function (cell, i) {
        cell.textContent = state.shown[i];
        cell.setAttribute("data-value", JSON.stringify(state.values[i]));
      });
      root.setAttribute("data-state", String(index));
    }
    // On a narrow screen the figure keeps a legible size and scrolls sideways in its frame:
    // then the frame takes the keyboard focus too, so it can be scrolled without a mouse.
    var frame = root.querySelector(".nx-frame");
    function frameFocus() {
      if (!frame) return;
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "group");
        frame.setAttribute("aria-label", "figure, scrolls sideways");
      } else {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    }
    frameFocus();
    window.addEventListener("resize", frameFocus);
    img.addEventListener("load", frameFocus);
    controls.forEach(function (c) {
      c.addEventListener("input", update);
      c.addEventListener("change", update);
    });
    update();
    if ("IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          watcher.disconnect();
          preload();
        }
      }, { rootMargin: "300px 0px" });
      watcher.observe(root);
    } else {
      preload();
    }
    if ("MutationObserver" in window) {  // the reader switched between light and dark
      var themes = new MutationObserver(function () {
        show();
        if (near) preload();
      });
      themes.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
      if (document.body) themes.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });
    }
    root.setAttribute("data-ready", "yes");
  }
  var here = document.currentScript && document.currentScript.closest(".negedu-explorer");
  if (here) {
    init(here);
  } else {
    Array.prototype.forEach.call(document.querySelectorAll('.negedu-explorer[data-ready="no"]'), init);
  }
})();
