/* negedu explorer: swaps precomputed states of an interactive figure. No kernel, no network.
   Each explorer carries its states as JSON; this script wires its controls to them. */
(function () {
  "use strict";
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
      img.src = data.images[state.img];
      img.alt = state.text;
      caption.textContent = state.text;
      cells.forEach(function (cell, i) {
        cell.textContent = state.shown[i];
        cell.setAttribute("data-value", JSON.stringify(state.values[i]));
      });
      root.setAttribute("data-state", String(index));
    }
    controls.forEach(function (c) {
      c.addEventListener("input", update);
      c.addEventListener("change", update);
    });
    update();
    root.setAttribute("data-ready", "yes");
  }
  var here = document.currentScript && document.currentScript.closest(".negedu-explorer");
  if (here) {
    init(here);
  } else {
    Array.prototype.forEach.call(document.querySelectorAll('.negedu-explorer[data-ready="no"]'), init);
  }
})();
