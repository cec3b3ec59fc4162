// The team form: members are added from a template row, and the share of experts and
// professionals is shown as they are, against the 80% the campaign requires.
(function () {
  "use strict";
  var form = document.getElementById("team-form");
  if (!form) { return; }
  var list = document.getElementById("members");
  var template = document.getElementById("member-template");
  var total = form.querySelector("input[name='members-TOTAL_FORMS']");
  var share = document.getElementById("expert-share");
  var note = document.getElementById("expert-share-note");
  var minimum = parseInt(share.dataset.minimum, 10);

  function field(row, suffix) {
    return row.querySelector("[name$='-" + suffix + "']");
  }

  function counted(row) {
    var deleted = field(row, "DELETE");
    if (deleted && deleted.checked) { return false; }
    return ["name", "official", "expert"].some(function (suffix) {
      var input = field(row, suffix);
      return input && input.value.trim() !== "";
    });
  }

  function update() {
    var members = 0;
    var qualified = 0;
    list.querySelectorAll(".member").forEach(function (row) {
      if (!counted(row)) { return; }
      members += 1;
      var expert = field(row, "is_expert");
      var professional = field(row, "is_professional");
      var fromDirectory = field(row, "expert");
      if ((expert && expert.checked) || (professional && professional.checked) ||
          (fromDirectory && fromDirectory.value.trim() !== "")) {
        qualified += 1;
      }
    });
    if (members === 0) {
      share.textContent = "—";
      note.textContent = "请添加成员";
      note.className = "small text-muted";
      return;
    }
    var percent = Math.round(qualified * 100 / members);
    share.textContent = percent + "%（" + qualified + "/" + members + "）";
    var enough = qualified * 100 >= minimum * members;
    share.className = enough ? "text-success" : "text-danger";
    note.textContent = enough ? "符合要求" : "不足" + minimum + "%，检查组不能保存";
    note.className = "small " + (enough ? "text-success" : "text-danger");
  }

  document.getElementById("add-member").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    list.appendChild(row);
    total.value = String(index + 1);
    if (window.htmx) { window.htmx.process(row); }
    var first = row.querySelector("input[type='text']");
    if (first) { first.focus(); }
    update();
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}());
