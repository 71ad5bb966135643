/* Material for MkDocs 9.8.1: the script of material/templates/partials/javascripts/base.html,
   moved out of the page so that pages run under `script-src 'self'` (no inline script).
   MIT licence: see LICENSE.txt. The only change: the scope (the page's base URL) is read from
   this script tag's data-md-scope attribute instead of being written into the code. */
var __md_scope=new URL(document.currentScript.getAttribute("data-md-scope")||".",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
