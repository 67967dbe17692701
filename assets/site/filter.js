// Narrows the list of lessons as a person types or picks a kind or a tag.
// Everything it needs is in the page (the lesson-data block: per lesson,
// its kind, its tags and its text already lower-cased), so it works from
// file:// and asks nothing of any other site. At most PAGE more matches
// are shown at a time ("Show more"): laying out thousands of rows is
// what would make a keystroke slow, not finding them.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lesson-data").textContent);
  var items = document.getElementById("lessons").children;
  var form = document.getElementById("filters");
  var q = document.getElementById("q");
  var kind = document.getElementById("kind");
  var tag = document.getElementById("tag");
  var count = document.getElementById("count");
  var more = document.getElementById("more");
  var PAGE = 100;
  var limit = PAGE;
  var total = data.length;
  // The page comes with the first PAGE rows shown.
  var shown = [];
  for (var i = 0; i < total; i++) shown.push(!items[i].hidden);
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
      var show = ok && n <= limit;
      if (show !== shown[i]) {
        shown[i] = show;
        items[i].hidden = !show;
      }
    }
    var showing = Math.min(n, limit);
    count.textContent = n === 0 ? "No lesson matches; clear the search to see all " + lessons(total)
      : showing === total ? lessons(total)
      : n === total ? "Showing " + showing.toLocaleString() + " of " + lessons(total)
      : n.toLocaleString() + " of " + lessons(total) + " match"
        + (showing < n ? "; showing the first " + showing.toLocaleString() : "");
    more.hidden = showing >= n;
    more.textContent = "Show " + Math.min(PAGE, n - showing).toLocaleString() + " more";
  }
  function narrow() {
    limit = PAGE;
    apply();
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", narrow);
  kind.addEventListener("change", narrow);
  tag.addEventListener("change", narrow);
  more.addEventListener("click", function () {
    limit += PAGE;
    apply();
  });
  // Counts and "Show more" for the page as it came; a reload or going
  // back keeps what was typed.
  apply();
})();
