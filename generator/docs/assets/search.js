/* archkb site search: offline, over the lunr index written by `archkb docs build`
   (assets/search-index.js, read by lunr.js). Type in the box, or open any page with ?q=word. */
(function () {
  var data = window.ARCHKB_SEARCH, box = document.getElementById("search-box"),
      list = document.getElementById("search-results");
  if (!data || !box || !list || !window.lunr) { return; }
  var index = lunr.Index.load(data.index), root = document.body.getAttribute("data-root") || "";
  function show(query) {
    list.innerHTML = "";
    query = query.trim();
    if (!query) { list.hidden = true; return; }
    var hits = [];
    try {
      hits = index.search(query.split(/\s+/).map(function (w) { return w + " " + w + "*"; }).join(" "));
    } catch (e) { hits = []; }
    hits.slice(0, 12).forEach(function (hit) {
      var doc = data.docs[hit.ref], li = document.createElement("li"), a = document.createElement("a");
      a.href = root + hit.ref;
      a.textContent = doc[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + doc[1]));
      list.appendChild(li);
    });
    if (!hits.length) { var none = document.createElement("li"); none.textContent = "No match"; list.appendChild(none); }
    list.hidden = false;
  }
  box.addEventListener("input", function () { show(box.value); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { box.value = q; show(q); }
})();
