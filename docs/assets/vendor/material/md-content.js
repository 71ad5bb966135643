/* Material for MkDocs 9.8.1: the unconditional script of
   material/templates/partials/javascripts/content.html, moved to a file (no inline script under
   the site's Content-Security-Policy). Unchanged. MIT licence: see LICENSE.txt. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
