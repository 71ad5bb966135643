/* Material for MkDocs 9.8.1: the `content.tabs.link` script of
   material/templates/partials/javascripts/content.html, moved to a file (no inline script under
   the site's Content-Security-Policy). Unchanged. MIT licence: see LICENSE.txt. */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
