"""Every page of every role, in a phone's and a laptop's window, in French and in English: no
horizontal overflow, no console error (a missing message is one), no code shown raw, no English
left on a French page, and no serious or critical accessibility violation found by axe-core.

The pages are read from the frontend's own route table (`frontend/src/app/workspaces.ts`), so a
page added there is walked here without a change to this file.
"""

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import ConsoleMessage, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from backend.accounts.models import User
from backend.declarations.models import Declaration
from backend.reviews.models import Case
from backend.reviews.services.cases import cases_sync_flags
from backend.rulebooks.models import RulebookVersion
from tests.e2e.conftest import REPO_ROOT
from tests.integration.screening import helpers as h

WORKSPACES_TS = REPO_ROOT / "frontend" / "src" / "app" / "workspaces.ts"
AXE_JS = REPO_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1440, "height": 900}
USERS = {"startup": "demo-startup-1", "regulator": "demo-regulator", "advocate": "demo-advocate"}
# The app polls what is still moving; a page is read once its requests have settled or after this.
SETTLE_MS = 4_000

# Codes as the API or a rulebook writes them: `pending_rate`, `cap_mad`, `SAAS_CLOUD`,
# `ECOM_JEI_ANNUAL_CAP`. A person reads labels; a code may appear only as code (`<code>`).
RAW_CODE = re.compile(r"\b(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")
# English words that are not French words: one of them on a French page is a string left
# untranslated. Text people wrote (names, notes, messages) is shown as written and marked so.
ENGLISH_ONLY = re.compile(
    r"\b(?:the|and|with|of|from|for|by|this|that|which|is|are|was|has|have|not|your|"
    r"rules|breach|published|queued|running|done|failed|pending|received|screened|none|"
    r"loading|yes|no)\b",
    re.IGNORECASE,
)

# Reads the visible text of the page, leaving out what is shown as written on purpose: code,
# form controls, text people typed (`data-free-text`) and text marked in another language.
VISIBLE_TEXT_JS = """
(lang) => {
  const skip = (el) =>
    el.closest('code, pre, kbd, samp, script, style, textarea, select, option, [data-free-text], '
      + '[aria-hidden="true"], .visually-hidden') !== null
    || (el.closest('[lang]') !== null && el.closest('[lang]').getAttribute('lang') !== lang);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el === null || skip(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    parts.push(node.textContent);
  }
  return parts.join(' ').replace(/\\s+/g, ' ');
}
"""

# The widest elements that stick out of the window, for the failure message.
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let scrolled = false;
      for (let p = el.parentElement; p !== null; p = p.parentElement) {
        const overflowX = getComputedStyle(p).overflowX;
        if (['auto', 'scroll', 'hidden'].includes(overflowX)) { scrolled = true; break; }
      }
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      if (!scrolled) out.push(`${name} (${Math.round(box.right)} px)`);
    }
  }
  return out.slice(0, 8);
}
"""

AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): `
      + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}
"""


def role_paths() -> dict[str, list[str]]:
    """Each role's home and sections, as the frontend's route table declares them."""
    source = WORKSPACES_TS.read_text(encoding="utf-8")
    paths: dict[str, list[str]] = {}
    for role in USERS:
        block = re.search(rf"\n  {role}: \{{(.*?)\n  \}},", source, re.DOTALL)
        assert block is not None, f"no workspace for {role} in {WORKSPACES_TS}"
        paths[role] = re.findall(r'(?:homePath|path): "(/[^"]*)"', block.group(1))
    return paths


# Defects known on pages that other work is rebuilding now, each with that work named. Each must
# still be seen (the walk fails once one is fixed, so its line here goes with the fix); nothing
# else is forgiven.
KNOWN_ELSEWHERE: dict[tuple[str, str], str] = {}


@dataclass
class Findings:
    """What went wrong on the pages walked, by page."""

    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    known_seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, where: str, what: str, details: Any) -> None:
        if not details:
            return
        for known in KNOWN_ELSEWHERE:
            prefix, kind = known
            if kind == what and where.startswith(prefix):
                self.known_seen.add(known)
                return
        self.problems.append(f"{where}: {what}: {details}")

    def known_for(self, paths: list[str]) -> set[tuple[str, str]]:
        """The known defects on these pages."""
        return {known for known in KNOWN_ELSEWHERE if any(p.startswith(known[0]) for p in paths)}


@pytest.fixture
def sandbox(demo_users: str) -> dict[str, str]:
    """The demo users, rates, rulebooks and cohort, and card payments of March 2026 converted and
    screened (so the startup's pages, the queue and a case have content)."""
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    declarations = [
        h.declare(
            User.objects.get(username=username), amount, day, currency="EUR", reference=reference
        )
        for username, reference, amount, day in [
            ("demo-startup-1", "WALK-1", "19500.00", date(2026, 3, 25)),
            ("demo-startup-1", "WALK-2", "950.00", date(2026, 3, 26)),
            # Outside the cohort, the rules in force govern: over their document threshold, a case.
            ("demo-startup-2", "WALK-3", "19500.00", date(2026, 3, 26)),
        ]
    ]
    h.process(*declarations)
    cases_sync_flags()
    case = Case.objects.filter(declaration__in=declarations).first()
    assert case is not None, "the walk needs a case to open"
    first = Declaration.objects.get(reference="WALK-1")
    in_force = RulebookVersion.objects.get(rulebook__kind="in_force", number=1)
    return {
        "password": demo_users,
        "declaration": str(first.pk),
        "case": str(case.pk),
        "version": str(in_force.pk),
    }


def detail_paths(role: str, sandbox: dict[str, str]) -> list[str]:
    """Pages reached inside a section: one payment, one case."""
    if role == "startup":
        return [f"/startup/declarations?declaration={sandbox['declaration']}"]
    if role == "regulator":
        return [
            f"/regulator/declarations?declaration={sandbox['declaration']}",
            f"/regulator/cases?case={sandbox['case']}",
            f"/regulator/rulebooks?version={sandbox['version']}",
        ]
    return []


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("navigation")).to_be_visible()


def settle(page: Page) -> None:
    # A page that polls never idles: after SETTLE_MS it has settled enough to be read.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    expect(page.locator(".state--loading")).to_have_count(0)


def check_page(page: Page, findings: Findings, where: str, language: str, *, axe: bool) -> None:
    findings.add(where, "overflows the window", page.evaluate(OVERFLOW_JS))
    text = page.evaluate(VISIBLE_TEXT_JS, language)
    findings.add(where, "raw codes", sorted(set(RAW_CODE.findall(text))))
    if language == "fr":
        findings.add(
            where, "English words", sorted({w.lower() for w in ENGLISH_ONLY.findall(text)})
        )
    if axe:
        findings.add(where, "accessibility", page.evaluate(AXE_RUN_JS))


def walk(page: Page, paths: list[str], language: str, findings: Findings) -> None:
    """Each page at the laptop's width, then the phone's (the same page, reflowed)."""
    for path in paths:
        page.set_viewport_size(LAPTOP)
        before = len(findings.console)
        page.goto(path)
        settle(page)
        # axe once per page and language, at the phone's width where most goes wrong
        check_page(page, findings, f"{path} {language} 1440", language, axe=False)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(150)
        check_page(page, findings, f"{path} {language} 390", language, axe=True)
        findings.add(path, f"console errors ({language})", findings.console[before:])


@pytest.mark.parametrize("role", list(USERS))
def test_every_page_fits_reads_and_passes_axe(
    page: Page, sandbox: dict[str, str], role: str
) -> None:
    findings = Findings()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            findings.console.append(message.text)

    page.on("console", on_console)
    # axe-core is injected as the page loads, outside its Content-Security-Policy.
    page.context.add_init_script(path=str(AXE_JS))
    paths = role_paths()[role] + detail_paths(role, sandbox)
    assert len(paths) >= 3, paths

    page.add_init_script("localStorage.setItem('fxs.language', 'fr')")
    sign_in(page, USERS[role], sandbox["password"])
    walk(page, paths, "fr", findings)
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.context.add_init_script("localStorage.setItem('fxs.language', 'en')")
    walk(page, paths, "en", findings)

    assert findings.problems == [], json.dumps(findings.problems, ensure_ascii=False, indent=1)
    fixed = findings.known_for(paths) - findings.known_seen
    assert not fixed, f"fixed now, remove from KNOWN_ELSEWHERE: {sorted(fixed)}"


def test_the_walk_reads_every_workspace_page() -> None:
    """The route table parses into each role's pages (a guard on the walk itself)."""
    paths = role_paths()
    assert paths["startup"][:2] == ["/startup", "/startup/declarations"]
    assert "/regulator/rulebooks" in paths["regulator"]
    assert "/advocate/evidence" in paths["advocate"]
    assert Path(AXE_JS).is_file(), "axe-core is a devDependency of the frontend: npm ci"
