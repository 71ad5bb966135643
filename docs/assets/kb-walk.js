/* The decision walk: progressive enhancement of the decision-tree step pages.
 *
 * Every step works without this file: each answer is a plain link to the next step.
 * With it, the answers given so far travel in the query string, as GOV.UK Smart Answers
 * does, so the address names both the step and the answers and can be bookmarked or shared:
 *
 *     decisions/<tree>/<step>/?<question id>=<answer number>&<question id>=<answer number>...
 *
 * one pair per answer, in the order given, answers numbered from 0 in the order the step
 * lists them (e.g. `?identifiable=1&has-consent=0`). Question ids are permanent, so a link
 * keeps its meaning when steps are added elsewhere in the tree. Other parameters are ignored.
 *
 * On a step page this script
 *   - adds the answers to each answer link, so the next step knows them;
 *   - shows "Your answers so far" with a Change link per answer (a link back to that
 *     question, which marks the answer given before) and Start again;
 *   - marks the path on the flowchart: class `kb-path` on `fc-<step>` and
 *     `fce-<step>-<answer>` (inline SVG, or the embedded flowchart.svg);
 *   - on an outcome page, fills in and shows the decision record, with Print and Copy as text.
 *
 * Nothing is stored and nothing is sent: this script makes no network request.
 * It works under `script-src 'self'; style-src 'self'` (no inline script or style).
 */
(function () {
  "use strict";

  var XLINK = "http://www.w3.org/1999/xlink";
  var SVG = "http://www.w3.org/2000/svg";

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* ------------------------------------------------------------ answers in the URL */

  /* The (question, answer) pairs of a query string, in order; other parameters dropped. */
  function readPairs(search, tree) {
    var pairs = [];
    new URLSearchParams(search).forEach(function (value, key) {
      if (has(tree.nodes, key) && tree.nodes[key].kind === "question") {
        pairs.push({ node: key, value: value });
      }
    });
    return pairs;
  }

  /* Follow the pairs through the tree while each answer leads to the next question asked. */
  function replay(pairs, tree) {
    var chain = [];
    var expected = null;
    for (var i = 0; i < pairs.length; i++) {
      var id = pairs[i].node;
      if (expected !== null && id !== expected) break;
      if (!/^[0-9]{1,3}$/.test(pairs[i].value)) break;
      var question = tree.nodes[id];
      var index = Number(pairs[i].value);
      var answer = question.answers[index];
      if (!answer) break;
      chain.push({ node: id, index: index, question: question.text, label: answer.label,
                   next: answer.next });
      expected = answer.next;
    }
    return chain;
  }

  /* What the URL says about this step: the answers that led here; the answer given here
     before (when a Change link brought the reader back); whether answers were ignored. */
  function walkState(tree, here, search) {
    var pairs = readPairs(search, tree);
    var chain = replay(pairs, tree);
    for (var k = 0; k < chain.length; k++) {
      if (chain[k].node === here) {
        return { answers: chain.slice(0, k), previous: chain[k].index, ignored: false };
      }
    }
    if (chain.length && chain[chain.length - 1].next === here) {
      return { answers: chain, previous: null, ignored: false };
    }
    return { answers: [], previous: null, ignored: pairs.length > 0 };
  }

  function queryOf(answers) {
    return answers.map(function (a) {
      return encodeURIComponent(a.node) + "=" + a.index;
    }).join("&");
  }

  /* `href` with its query replaced by the answers (its #fragment kept). */
  function withAnswers(href, answers) {
    var hash = "";
    var cut = href.indexOf("#");
    if (cut >= 0) {
      hash = href.slice(cut);
      href = href.slice(0, cut);
    }
    cut = href.indexOf("?");
    if (cut >= 0) href = href.slice(0, cut);
    var query = queryOf(answers);
    return href + (query ? "?" + query : "") + hash;
  }

  /* The address of a step from this one: steps are siblings (../<id>/); from a copy of the
     site opened as files (file://), where every link names its index.html, name it too. */
  function stepHref(id) {
    var file = /\/index\.html$/.test(location.pathname) ? "index.html" : "";
    return "../" + id + "/" + file;
  }

  /* Path of each step page of the tree -> step id (steps are siblings: ../<id>/). */
  function stepPaths(tree) {
    var paths = {};
    Object.keys(tree.nodes).forEach(function (id) {
      paths[new URL("../" + id + "/", location.href).pathname] = id;
    });
    return paths;
  }

  /* Links to steps on the path carry the answers given up to and including that step, so
     going back to a question shows the answers before it and marks the one given there. */
  function rewriteStepLinks(root, baseUrl, paths, state, here) {
    $all("a", root).forEach(function (a) {
      if (a.classList.contains("kb-restart") || a.classList.contains("kb-answer") ||
          a.classList.contains("kb-change")) return;
      var inSvg = a.namespaceURI === SVG;
      var useXlink = inSvg && a.hasAttributeNS(XLINK, "href");
      var raw = useXlink ? a.getAttributeNS(XLINK, "href") : a.getAttribute("href");
      if (!raw || raw.charAt(0) === "#") return;
      var url;
      try {
        url = new URL(raw, baseUrl);
      } catch (e) {
        return;
      }
      if (url.origin !== location.origin) return;
      var id = paths[url.pathname.replace(/index\.html$/, "")];
      if (!id) return;
      var answers = null;
      if (id === here) {
        answers = state.answers;
      } else {
        for (var k = 0; k < state.answers.length; k++) {
          if (state.answers[k].node === id) answers = state.answers.slice(0, k + 1);
        }
      }
      if (!answers) return; // a step off the path: a fresh start there
      var updated = withAnswers(raw, answers);
      if (useXlink) a.setAttributeNS(XLINK, "xlink:href", updated);
      else a.setAttribute("href", updated);
    });
  }

  /* ------------------------------------------------------------ the step page */

  function enhanceAnswers(state, here) {
    $all("a.kb-answer").forEach(function (a) {
      var index = Number(a.getAttribute("data-kb-answer"));
      var answers = state.answers.concat([{ node: here, index: index }]);
      a.setAttribute("href", withAnswers(a.getAttribute("href"), answers));
      if (state.previous === index) {
        var note = el("span", "kb-answer__previous", "Your earlier answer");
        note.id = "kb-previous-answer";
        a.classList.add("kb-answer--previous");
        a.setAttribute("aria-describedby", note.id);
        a.parentNode.appendChild(note);
      }
    });
  }

  function renderSummary(state) {
    var section = $("#your-answers");
    if (!section || !state.answers.length) return;
    var list = $(".kb-summary__list", section);
    list.textContent = "";
    state.answers.forEach(function (a, i) {
      var row = el("div", "kb-summary__row");
      row.appendChild(el("dt", "kb-summary__question", a.question));
      row.appendChild(el("dd", "kb-summary__answer", a.label));
      var change = el("dd", "kb-summary__change");
      var link = el("a", "kb-change", "Change");
      link.setAttribute("href", withAnswers(stepHref(a.node), state.answers.slice(0, i + 1)));
      link.appendChild(el("span", "kb-visually-hidden", " your answer to: " + a.question));
      change.appendChild(link);
      row.appendChild(change);
      list.appendChild(row);
    });
    section.hidden = false;
    // The summary's Change links and Start again replace the static "Back to" links.
    $all(".kb-step-links").forEach(function (p) {
      p.hidden = true;
    });
  }

  function renderNotice(state) {
    var notice = $(".kb-walk-notice");
    if (!notice || !state.ignored) return;
    notice.textContent = "The answers in this page's address do not lead to this step, so " +
      "they are not shown. Choose an answer to carry on from here, or start again.";
    notice.hidden = false;
  }

  /* ------------------------------------------------------------ the path on the flowchart */

  function markPath(doc, state, here) {
    state.answers.forEach(function (a) {
      var node = doc.getElementById("fc-" + a.node);
      var edge = doc.getElementById("fce-" + a.node + "-" + a.index);
      if (node) node.classList.add("kb-path");
      if (edge) edge.classList.add("kb-path");
    });
    var current = doc.getElementById("fc-" + here);
    if (current && state.answers.length) current.classList.add("kb-path");
  }

  function enhanceFlowcharts(article, state, here, paths) {
    var figures = $all(".kb-flowchart", article);
    figures.forEach(function (figure) {
      var inline = $("svg", figure);
      if (inline) {
        markPath(document, state, here);
      }
      $all("object", figure).forEach(function (object) {
        var run = function () {
          var doc = null;
          try {
            doc = object.contentDocument;
          } catch (e) {
            return; // not readable (e.g. opened from file://): the page still works
          }
          if (!doc || !doc.documentElement || doc.documentElement.localName !== "svg") return;
          markPath(doc, state, here);
          rewriteStepLinks(doc, doc.URL, paths, state, here);
        };
        object.addEventListener("load", run);
        run();
      });
      var caption = $("figcaption", figure);
      if (caption && state.answers.length && !$(".kb-flowchart__path-note", caption)) {
        caption.insertBefore(el("span", "kb-flowchart__path-note",
          "Thick blue lines show the path of your answers. "), caption.firstChild);
      }
    });
  }

  /* ------------------------------------------------------------ the decision record */

  function isoDate(date) {
    function pad(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function squash(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function recordText(record, state, tree) {
    var lines = ["DECISION RECORD", ""];
    lines.push("Date: " + $(".kb-record__date", record).textContent);
    var clinic = $(".kb-record__clinic", record);
    if (clinic) lines.push("Clinic: " + squash(clinic.textContent));
    lines.push("Decision tree: " + tree.title + " (" + tree.question + ")");
    lines.push("");
    lines.push("Questions and answers:");
    if (!state.answers.length) {
      lines.push("None recorded: this outcome was opened directly.");
    } else if (state.answers[0].node !== tree.start) {
      lines.push("(Started part-way through the tree; earlier questions were not answered.)");
    }
    state.answers.forEach(function (a, i) {
      lines.push((i + 1) + ". " + a.question);
      lines.push("   Answer: " + a.label);
    });
    lines.push("");
    lines.push("Outcome: " + squash($(".kb-record__verdict", record).textContent) + ". " +
               squash($(".kb-record__headline", record).textContent));
    [["Principles", ".kb-record__principles li"], ["Sources", ".kb-record__sources li"]]
      .forEach(function (part) {
        var items = $all(part[1], record);
        if (!items.length) return;
        lines.push("");
        lines.push(part[0] + ":");
        items.forEach(function (li) {
          lines.push("- " + squash(li.textContent));
        });
      });
    lines.push("");
    $all("textarea[data-kb-record-field]", record).forEach(function (area) {
      var value = area.value.trim().replace(/\r\n?/g, "\n").replace(/\n/g, "\n   ");
      lines.push(area.getAttribute("data-kb-record-field") + ": " + value);
    });
    lines.push("");
    lines.push(footerText());
    return lines.join("\n") + "\n";
  }

  function footerText() {
    return "Made with " + squash(document.title.split(" - ").pop()) + ", educational " +
      "guidance, not legal advice. These answers: " + location.href.split("#")[0];
  }

  function renderRecord(state, tree) {
    var record = $("#decision-record");
    if (!record) return;
    $(".kb-record__date", record).textContent = isoDate(new Date());
    var list = $(".kb-record__answers", record);
    list.textContent = "";
    if (!state.answers.length) {
      list.hidden = true;
      list.parentNode.insertBefore(el("p", "kb-record__none",
        "None recorded: this outcome was opened directly, not reached by answering the " +
        "questions."), list);
    } else if (state.answers[0].node !== tree.start) {
      list.parentNode.insertBefore(el("p", "kb-record__none",
        "Started part-way through the tree; earlier questions were not answered."), list);
    }
    state.answers.forEach(function (a) {
      var item = el("li");
      item.appendChild(el("span", "kb-record__question", a.question));
      item.appendChild(document.createTextNode(" "));
      var answer = el("span", "kb-record__answer", "Answer: ");
      answer.appendChild(el("strong", null, a.label));
      item.appendChild(answer);
      list.appendChild(item);
    });

    var footer = $(".kb-record__footer", record);
    if (footer) footer.textContent = footerText();
    var text = $(".kb-record__text", record);
    var fields = $all("textarea[data-kb-record-field]", record);
    var update = function () {
      fields.forEach(function (area) {
        var mirror = area.parentNode.querySelector(".kb-record__print-value");
        if (mirror) mirror.textContent = area.value;
      });
      text.value = recordText(record, state, tree);
    };
    fields.forEach(function (area) {
      area.addEventListener("input", update);
    });
    update();

    var status = $(".kb-record__status", record);
    var say = function (message) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 30);
    };

    $(".kb-record__print", record).addEventListener("click", function () {
      update();
      document.documentElement.classList.add("kb-print-record");
      window.print();
    });
    window.addEventListener("beforeprint", update);
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("kb-print-record");
    });

    var fallback = $(".kb-record__fallback", record);
    var legacyCopy = function () {
      fallback.hidden = false;
      text.focus();
      text.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (e) {
        copied = false;
      }
      return copied;
    };
    var copied = function () {
      fallback.hidden = true;
      say("Copied. Paste the record into your clinical notes.");
    };
    var manual = function () {
      fallback.hidden = false;
      text.focus();
      text.select();
      say("Your browser did not allow copying. The record is shown as text below: " +
          "select it and copy it.");
    };
    $(".kb-record__copy", record).addEventListener("click", function () {
      update();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text.value).then(copied, function () {
          if (legacyCopy()) copied();
          else manual();
        });
      } else if (legacyCopy()) {
        copied();
      } else {
        manual();
      }
    });
    record.hidden = false;
  }

  /* ------------------------------------------------------------ start */

  function init() {
    var article = $("article.kb-step[data-kb-node]");
    if (!article) return;
    // Set by the tree's walk-data.js, loaded by the step page before this script.
    var tree = window.kbWalkData && window.kbWalkData[article.getAttribute("data-kb-tree")];
    var here = article.getAttribute("data-kb-node");
    if (!tree || !tree.nodes || !has(tree.nodes, here)) return;
    var state = walkState(tree, here, location.search);
    var paths = stepPaths(tree);
    document.documentElement.classList.add("kb-walk");
    if (tree.nodes[here].kind === "question") enhanceAnswers(state, here);
    renderSummary(state);
    renderNotice(state);
    rewriteStepLinks(article, location.href, paths, state, here);
    enhanceFlowcharts(article, state, here, paths);
    if (tree.nodes[here].kind === "outcome") renderRecord(state, tree);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
