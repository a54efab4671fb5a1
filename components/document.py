"""The document around every page: its language, and Streamlit's own English words in ours.

Streamlit serves every page as `<html lang="en">` and writes a few English words of its
own into the page (the accessible names of help icons, heading links, the select's
"Open" button, "Press Enter to submit form"), with no setting to change either. A
screen reader then reads a Danish page with an English voice, and announces English
words in the middle of it. One small script, mounted once per run by app.py, sets
`lang` from the app's language and puts the app's words in place of Streamlit's
wherever they appear, including in elements Streamlit adds later. The words are in the
catalogues under [streamlit]; why this is needed: docs/accessibility.md.
"""

from __future__ import annotations

import streamlit as st
from babel import Locale

import i18n
from i18n import t

# Streamlit's English -> our catalogue key. "{label}" stands for the rest of the text
# (the widget's own label, which is already ours); "{keys}" for a key combination.
STREAMLIT_WORDS = {
    "Help": "streamlit.help",
    "Help for {label}": "streamlit.help_for",
    "Link to heading": "streamlit.link_to_heading",
    "Open": "streamlit.open",
    "Clear value": "streamlit.clear_value",
    "Clear all": "streamlit.clear_all",
    "Choose an option": "streamlit.choose_an_option",
    "Choose options": "streamlit.choose_options",
    "Show password": "streamlit.show_password",
    "Hide password": "streamlit.hide_password",
    "Increment": "streamlit.increment",
    "Decrement": "streamlit.decrement",
    "Sidebar": "streamlit.sidebar",
    "Collapse sidebar": "streamlit.collapse_sidebar",
    "Expand sidebar": "streamlit.expand_sidebar",
    "App pages": "streamlit.app_pages",
    "Show/hide columns": "streamlit.show_hide_columns",
    "Download as CSV": "streamlit.download_csv",
    "Search": "streamlit.search",
    "Fullscreen": "streamlit.fullscreen",
    "Fullscreen: {label}": "streamlit.fullscreen_of",
    "Choose date": "streamlit.choose_date",
    "Choose date range": "streamlit.choose_date_range",
    # A date field's parts are read as "<part>, <the field's label>".
    "day, {label}": "streamlit.date_day",
    "month, {label}": "streamlit.date_month",
    "year, {label}": "streamlit.date_year",
    "{label} start date": "streamlit.start_date",
    "{label} end date": "streamlit.end_date",
    "Press Enter to submit form": "streamlit.enter_to_submit",
    "Press Enter to apply": "streamlit.enter_to_apply",
    "Press {keys}+Enter to submit form": "streamlit.keys_enter_to_submit",
    "Press {keys}+Enter to apply": "streamlit.keys_enter_to_apply",
}
KEY = "samskab_document"
_MOUNTED = "samskab_document_lang"  # the language the script was last mounted with

_JS = r"""
const ATTRIBUTES = ['aria-label', 'placeholder'];

function escaped(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function dictionary(words) {
  const exact = new Map();
  const patterns = [];
  for (const [english, ours] of Object.entries(words)) {
    const slot = english.match(/\{(label|keys)\}/);
    if (!slot) { exact.set(english, ours); continue; }
    const [before, after] = english.split(slot[0]);
    patterns.push([new RegExp('^' + escaped(before) + '(.+)' + escaped(after) + '$'), slot[0], ours]);
  }
  const lookUp = (text) => {
    if (exact.has(text)) return exact.get(text);
    for (const [pattern, slot, ours] of patterns) {
      const found = pattern.exec(text);
      // The slot may hold Streamlit's words too: "day, Periode end date".
      if (found) return ours.replace(slot, lookUp(found[1]) ?? found[1]);
    }
    return null;
  };
  return lookUp;
}

// What we replaced, so a later language switch translates from Streamlit's English again.
const originals = new WeakMap();

function translate(node, attribute, value, set) {
  const state = window.__samskabDocument;
  const before = originals.get(node)?.[attribute];
  const english = before && before.shown === value ? before.english : value;
  const ours = state.lookUp(english);
  if (ours === null || ours === value) return;
  originals.set(node, { ...originals.get(node), [attribute]: { english, shown: ours } });
  set(ours);
}

function visitElement(element) {
  for (const attribute of ATTRIBUTES) {
    const value = element.getAttribute(attribute);
    if (value) translate(element, attribute, value, (ours) => element.setAttribute(attribute, ours));
  }
}

function visitText(text) {
  if (!text.parentElement?.closest('[data-testid="InputInstructions"]')) return;
  translate(text, 'text', text.nodeValue, (ours) => { text.nodeValue = ours; });
}

function visitTree(root) {
  if (root.nodeType === Node.TEXT_NODE) { visitText(root); return; }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  visitElement(root);
  for (const element of root.querySelectorAll('[aria-label], [placeholder]')) visitElement(element);
  for (const box of root.querySelectorAll('[data-testid="InputInstructions"]')) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) visitText(walker.currentNode);
  }
}

export default function (component) {
  const { data } = component;
  if (document.documentElement.lang !== data.lang) document.documentElement.lang = data.lang;
  const state = window.__samskabDocument || (window.__samskabDocument = {});
  state.lookUp = dictionary(data.words);
  if (!state.observer) {
    state.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'childList') record.addedNodes.forEach(visitTree);
        else if (record.type === 'attributes') visitElement(record.target);
        else visitText(record.target);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
  visitTree(document.body);
}
"""
_mount = st.components.v2.component(KEY, js=_JS)


def html_lang() -> str:
    """The run's language as an HTML `lang` value, from its locale (da_DK -> "da")."""
    return Locale.parse(i18n.locale()).language


def streamlit_words() -> dict[str, str]:
    """Streamlit's English words and ours for them, in the run's language."""
    return {english: t(key) for english, key in STREAMLIT_WORDS.items()}


def page_title(page: str) -> str:
    """The browser tab's title for a page: what it is first, then the app."""
    return t("streamlit.page_title", page=page)


def document_language() -> None:
    """Set the page's `lang` and translate Streamlit's own words; draws nothing.

    Mounted in a session's first run and again when its language changes, not in every
    run: the script's observer and the `lang` it set stay in the browser's window after
    Streamlit removes the element, and mounting it was 2 ms of each page run's CPU, a
    twentieth of a tablet's join. Its place is drawn in every run all the same (an empty
    one): without it everything after would move up one place, and the browser would
    draw it all anew, an open expander closed.
    """
    place = st.empty()
    lang = html_lang()
    if st.session_state.get(_MOUNTED) == lang:
        return
    with place:
        _mount(data={"lang": lang, "words": streamlit_words()}, key=KEY)
    st.session_state[_MOUNTED] = lang
