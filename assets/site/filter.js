// Narrows the list of lessons as a person types or picks a kind or a tag.
// Everything it needs is in the page (the lesson-data block: per lesson,
// its kind, its tags and its text already lower-cased), so it works from
// file:// and asks nothing of any other site.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lesson-data").textContent);
  var items = document.getElementById("lessons").children;
  var form = document.getElementById("filters");
  var q = document.getElementById("q");
  var kind = document.getElementById("kind");
  var tag = document.getElementById("tag");
  var count = document.getElementById("count");
  var total = data.length;
  var shown = [];
  for (var i = 0; i < total; i++) shown.push(true);
  function lessons(n) {
    return n.toLocaleString() + (n === 1 ? " lesson" : " lessons");
  }
  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var k = kind.value;
    var t = tag.value;
    var n = 0;
    for (var i = 0; i < total; i++) {
      var d = data[i];
      var ok = (!k || d.k === k) && (!t || d.g.indexOf(t) >= 0);
      for (var w = 0; ok && w < words.length; w++) ok = d.s.indexOf(words[w]) >= 0;
      if (ok) n++;
      if (ok !== shown[i]) {
        shown[i] = ok;
        items[i].hidden = !ok;
      }
    }
    count.textContent = n === total ? lessons(total)
      : n === 0 ? "No lesson matches; clear the search to see all " + lessons(total)
      : "Showing " + lessons(n) + " of " + total.toLocaleString();
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", apply);
  kind.addEventListener("change", apply);
  tag.addEventListener("change", apply);
  // A reload or going back keeps what was typed.
  if (q.value || kind.value || tag.value) apply();
})();
