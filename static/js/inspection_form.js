// The inspection form: another finding is added from a template block.
(function () {
  "use strict";
  var button = document.getElementById("add-finding");
  if (!button) { return; }
  var list = document.getElementById("findings");
  var template = document.getElementById("finding-template");
  var total = document.querySelector("input[name='findings-TOTAL_FORMS']");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    var block = holder.firstElementChild;
    block.querySelector(".finding-number").textContent = String(index + 1);
    list.appendChild(block);
    total.value = String(index + 1);
    block.querySelector("textarea").focus();
  });
}());
