"""What the accessibility tests check on each resident screen (run inside the browser page)."""

import re

SITE_SUFFIX = " - 성동구 e-거버넌스"

#: Latin-alphabet words a Korean resident screen may show: brand and product names, standards,
#: abbreviations used as Korean words, and units. Anything else is English left untranslated.
ALLOWED_LATIN = {
    "e",  # e-거버넌스
    "KRDS",
    "KWCAG",
    "SMS",
    "QR",
    "X",
    "Facebook",
    "Twitter",
    "Naver",
    "Band",
    "Kakao",
    "KakaoTalk",
    "KakaoStory",
    "PDF",
    "HWP",
    "HWPX",
    "XLSX",
    "D",  # D-7
    "km",
    "kg",
    "m",
}

#: Texts a screen reader or a sighted resident meets besides the body text.
VISIBLE_TEXT_JS = """() => {
  // Codes (a receipt code) are marked translate="no": letters in them are not words.
  let body = document.body.innerText;
  for (const el of document.querySelectorAll('[translate=no]')) {
    body = body.split(el.innerText).join(' ');
  }
  const parts = [document.title, body];
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = el.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    parts.push(el.value);
  }
  return parts.join('\\n');
}"""

URL_OR_EMAIL = re.compile(
    r"(https?://\S+|www\.\S+|[\w.+*-]+@[\w.-]+|\b[\w-]+\.(?:kr|org|com|net)\b)"
)
LATIN_WORD = re.compile(r"[A-Za-z]+")


def english_words(page):
    """Latin-alphabet words on the screen outside the allow-list (URLs and e-mail removed)."""
    text = URL_OR_EMAIL.sub(" ", page.evaluate(VISIBLE_TEXT_JS))
    return sorted({w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN})


def title_problem(name, page, expected=None):
    """Why the page's title does not say where one is, or None."""
    title = page.title()
    if expected is not None:
        return None if title == expected else f"title {title!r}, expected {expected!r}"
    if name == "home":
        return None if title.startswith("성동구 e-거버넌스") else f"home title {title!r}"
    if not title.endswith(SITE_SUFFIX) or not title.removesuffix(SITE_SUFFIX).strip():
        return f"title {title!r} does not read '<page> - … - 성동구 e-거버넌스'"
    return None


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
                 - document.documentElement.clientWidth"""
    )


ERROR_LINKS_JS = """() => {
  const problems = [];
  const invalid = [...document.querySelectorAll('[aria-invalid=true]')];
  for (const el of invalid) {
    // A radio button or checkbox of a group is described by its fieldset.
    const holder = el.getAttribute('aria-describedby') ? el : (el.closest('fieldset') || el);
    const ids = (holder.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const described = ids.map(id => document.getElementById(id)).filter(Boolean);
    const error = described.find(d => d.className.includes('invalid') || /error/.test(d.id));
    if (!error) { problems.push(`${el.id}: no error message named by aria-describedby`); continue; }
    if (!error.innerText.trim()) problems.push(`${el.id}: its error message is empty`);
    const group = el.closest('.form-group, fieldset');
    if (!group || !group.contains(error)) problems.push(`${el.id}: error not next to the field`);
  }
  const summary = document.querySelector('#egov-form-errors, #error-summary');
  if (!summary) problems.push('no error summary at the top of the form');
  else {
    if (summary.getAttribute('role') !== 'alert') problems.push('the summary is not announced');
    for (const a of summary.querySelectorAll('a[href^="#"]')) {
      if (!document.getElementById(a.getAttribute('href').slice(1)))
        problems.push(`summary link ${a.getAttribute('href')} leads nowhere`);
    }
    if (invalid.length && !summary.querySelector('a[href^="#"]'))
      problems.push('the summary has no links to the fields');
  }
  return {problems, invalid: invalid.length};
}"""


def error_problems(page):
    """What is wrong with how a form's errors are shown and announced (empty: nothing)."""
    result = page.evaluate(ERROR_LINKS_JS)
    return result["problems"]


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (color) => {  // a CSS colour as getComputedStyle writes it
    const probe = document.createElement('span');
    probe.style.color = color.trim();
    document.body.appendChild(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  };
  const shown = (node) => {
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const ring = outline || (s.boxShadow && s.boxShadow !== 'none');
    // KRDS marks a focused text field or select by a 2-pixel border in the primary colour
    // (1 pixel and grey otherwise).
    const field = node.matches('.krds-input, .krds-form-select')
      && parseFloat(s.borderTopWidth) >= 2
      && s.borderTopColor === rgb(s.getPropertyValue('--krds-light-color-input-border-active'));
    return ring || field;
  };
  // KRDS draws radio buttons and checkboxes on their label; the focus ring is the label's.
  let visible = shown(el);
  if (!visible && el.matches('.krds-form-check input')) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    visible = !!label && shown(label);
  }
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id, name: el.name || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    href: el.getAttribute('href') || '', visible,
  };
}"""


def focused(page):
    """The focused element (tag, type, id, name, text, href) and whether its focus is visible."""
    return page.evaluate(FOCUS_JS)
