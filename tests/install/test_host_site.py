"""The plugin in a site of its own: a new Wagtail site set up as the README says.

Builds the wheel, installs it into a fresh virtual environment, starts a site
with ``wagtail start``, follows the README's "Adding the apps to an existing
Wagtail site" one step at a time, then visits the plugin's pages as each role
(``host_checks.py``, run by the host's Python, with data from ``host_seed.py``).
Slow (a virtual environment is installed), so it runs once per CI: on SQLite.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
README = REPO / "README.md"
APPS = ["people", "courses", "quizzes", "roleplays", "certification", "reports"]
PHASES_FILE = REPO / "test-artifacts" / "install" / "phases.json"

pytestmark = [
    pytest.mark.install,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the host site has a SQLite database of its own: "
        "run once per CI, on the SQLite pass",
    ),
]

# What the checks visit, as host_checks.py names them.
PAGES = [
    ("anonymous", "login page"),
    ("anonymous", "language switch"),
    ("anonymous", "login page in Russian"),
    ("anonymous", "catalogue needs a login"),
    ("anonymous", "my training needs a login"),
    ("anonymous", "API needs a login"),
    ("anonymous", "verify page"),
    ("learner", "log in through the form"),
    ("learner", "page after logging in"),
    ("learner", "catalogue"),
    ("learner", "lesson"),
    ("learner", "quiz"),
    ("learner", "quiz start"),
    ("learner", "quiz attempt"),
    ("learner", "my training"),
    ("learner", "readiness API is HR's"),
    ("trainer", "admin"),
    ("hr", "readiness report"),
    ("hr", "readiness API"),
]


# Running things ---------------------------------------------------------------


def run(args, *, timeout=600, **options) -> subprocess.CompletedProcess:
    """Run a command; on failure, the assertion shows its output."""
    args = [str(arg) for arg in args]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, **options
    )
    assert done.returncode == 0, failed(args, done)
    return done


def failed(args, done) -> str:
    return (
        f"`{' '.join(args)}` exited with {done.returncode}\n"
        f"--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}"
    )


@pytest.fixture(scope="session")
def phases():
    """Seconds each phase took, written to test-artifacts/install/phases.json."""
    took = {}
    yield took
    PHASES_FILE.parent.mkdir(parents=True, exist_ok=True)
    PHASES_FILE.write_text(json.dumps(took, indent=2) + "\n")


def timed(phases, name, step, *args):
    start = time.monotonic()
    try:
        return step(*args)
    finally:
        phases[name] = round(time.monotonic() - start, 1)


# The wheel and the host's environment -----------------------------------------


# What a build of the working tree leaves out: a setuptools build reads an
# existing *.egg-info's file list and build/ folder, which go stale when files
# move (the editable install made them), so the wheel is built from a clean copy.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "*.egg-info",
    "build",
    "dist",
    "media",
    "test-artifacts",
    "__pycache__",
    "*.sqlite3",
)


def build_wheel(outdir: Path) -> Path:
    source = outdir / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    run([sys.executable, "-m", "build", "--wheel", "--outdir", outdir, source])
    (wheel,) = outdir.glob("*.whl")
    return wheel


def create_venv(where: Path) -> Path:
    """A virtual environment from the base interpreter, not from the test's venv.

    Without pip of its own (installing pip takes seconds): the test's pip installs
    into it (``install``), so it holds only the wheel and what the wheel requires.
    """
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", "--without-pip", where])
    return where / "bin"


def install(bin_dir: Path, wheel: Path) -> None:
    """README step 1; the host uses SQLite and no Redis, so no extras.

    ``--no-compile``: the host's Python compiles the modules it imports when it
    first imports them (``Host.env``), not every module of every package.
    """
    pip = [sys.executable, "-m", "pip", "--python", bin_dir / "python"]
    run([*pip, "install", "--no-compile", wheel], timeout=1800)


def start_site(bin_dir: Path, where: Path) -> Path:
    where.mkdir()
    run([bin_dir / "wagtail", "start", "host", where])
    return where


@pytest.fixture(scope="session")
def wheel(tmp_path_factory, phases) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    return timed(phases, "build the wheel", build_wheel, outdir)


@pytest.fixture(scope="session")
def host_bin(tmp_path_factory, phases, wheel) -> Path:
    bin_dir = timed(
        phases, "create the venv", create_venv, tmp_path_factory.mktemp("venv")
    )
    timed(phases, "pip install the wheel", install, bin_dir, wheel)
    return bin_dir


# The README's steps, applied to the host's settings and URLs ------------------


class Host:
    """The site ``wagtail start`` made, and the README gaps met setting it up."""

    def __init__(self, root: Path, bin_dir: Path):
        self.root = root
        self.python = bin_dir / "python"
        self.settings = root / "host" / "settings" / "base.py"
        self.urls = root / "host" / "urls.py"
        self.gaps: list[str] = []

    def append(self, path: Path, heading: str, code: str) -> None:
        assert path.exists(), f"`wagtail start` made no {path.relative_to(self.root)}"
        with path.open("a") as file:
            file.write(f"\n\n# {heading}\n{code.strip()}\n")

    def manage(self, *args, timeout=600):
        return run(
            [self.python, "manage.py", *args],
            cwd=self.root,
            env=self.env(),
            timeout=timeout,
        )

    def script(self, source: Path, *args):
        """Run one of this folder's host_*.py files with the host's Python."""
        return run(
            [self.python, source, *args], cwd=self.root, env=self.env(), timeout=600
        )

    def env(self) -> dict:
        # The host keeps the bytecode of what it imports (in its own venv and
        # site), whatever this process was told: pip compiled none of it.
        dropped = {
            "DJANGO_SETTINGS_MODULE",
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONPYCACHEPREFIX",
        }
        env = {name: value for name, value in os.environ.items() if name not in dropped}
        return {
            **env,
            "DJANGO_SETTINGS_MODULE": "host.settings.dev",
            "PYTHONPATH": str(self.root),
        }


def add_apps(host: Host) -> None:
    """Step 2: the apps before the Wagtail apps, and the Wagtail apps they need."""
    host.append(
        host.settings,
        'README step 2: "Add the apps to INSTALLED_APPS, before the Wagtail apps"',
        f"""
_wagtail = next(
    i for i, app in enumerate(INSTALLED_APPS) if app.startswith("wagtail")
)
INSTALLED_APPS[_wagtail:_wagtail] = {APPS!r}
for _app in ["wagtail.locales", "wagtail.contrib.settings", "wagtail.api.v3"]:
    if _app not in INSTALLED_APPS:
        INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin"), _app)
""",
    )


def add_login(host: Host) -> None:
    """Step 3: Django's auth URLs, logging in by e-mail, the failed-login limits.

    Applies the step's two Python blocks as the README writes them: the URLs,
    then the settings.
    """
    blocks = readme_blocks("3. Logging in.", "4. Run `manage.py migrate`")
    if len(blocks) != 2:
        host.gaps.append(
            f"step 3 should show two Python blocks (URLs, settings), not {len(blocks)}"
        )
        return
    urls, settings = blocks
    host.append(host.urls, "README step 3: the auth URLs", urls)
    host.append(host.settings, "README step 3: logging in", settings)


def readme_blocks(start: str, end: str) -> list[str]:
    """The Python blocks of the README between two texts, without their indent."""
    text = README.read_text()
    section = text[text.index(start) : text.index(end)]
    blocks = section.split("```python\n")[1:]
    return [textwrap.dedent(block.split("```")[0]) for block in blocks]


def add_urls(host: Host) -> None:
    """Step 5: the apps' URLs and the API, before Wagtail's own URLs."""
    host.append(
        host.urls,
        'README step 5: "Include courses.urls, roleplays.urls, quizzes.urls (under '
        "quizzes/) and "
        "certification.urls before Wagtail's own URLs\", and the API",
        """
import reports.api

urlpatterns = [
    path("", include("people.urls")),
    path("", include("courses.urls")),
    path("", include("roleplays.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("", include("certification.urls")),
    path("api/v1/", reports.api.api.urls),
] + urlpatterns
""",
    )


def add_languages(host: Host) -> None:
    """Step 6: the three languages and the two middlewares, as the README writes."""
    blocks = readme_blocks("6. Languages.", "7. Optional settings")
    if len(blocks) != 1:
        host.gaps.append(f"step 6 should show one Python block, not {len(blocks)}")
        return
    host.append(host.settings, "README step 6: languages", blocks[0])


def add_speed(host: Host) -> None:
    """README 'Speed': the route middleware and sessions from the cache."""
    blocks = readme_blocks("**Speed.**", "**Templates.**")
    if len(blocks) != 1:
        host.gaps.append(f"Speed should show one Python block, not {len(blocks)}")
        return
    host.append(host.settings, 'README "Speed": the page caches', blocks[0])


def configure(host: Host) -> None:
    """The README's Configuration: the public address for e-mails and QR codes."""
    host.append(
        host.settings,
        'README "Configuration": SITE_URL',
        'SITE_URL = "http://127.0.0.1:8000"',
    )


README_STEPS = [add_apps, add_login, add_urls, add_languages, add_speed, configure]


@pytest.fixture(scope="session")
def host(tmp_path_factory, phases, host_bin) -> Host:
    """The host site, set up, migrated and with ``setup_training`` run (step 4)."""
    root = timed(
        phases,
        "wagtail start",
        start_site,
        host_bin,
        tmp_path_factory.mktemp("site") / "host",
    )
    host = Host(root, host_bin)
    for step in README_STEPS:
        step(host)
    timed(phases, "migrate", host.manage, "migrate", "--noinput")
    timed(phases, "setup_training", host.manage, "setup_training")
    return host


@pytest.fixture(scope="session")
def visits(tmp_path_factory, phases, host) -> dict:
    """Each check's result by (role, name), from visiting the host's pages."""
    data = tmp_path_factory.mktemp("checks")
    seed, results = data / "seed.json", data / "results.json"
    timed(phases, "seed", host.script, HERE / "host_seed.py", seed)
    timed(phases, "visit", host.script, HERE / "host_checks.py", seed, results)
    return {(r["role"], r["name"]): r for r in json.loads(results.read_text())}


# The tests ------------------------------------------------------------------


def test_wheel_holds_only_the_apps(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == set(APPS), (
        f"the wheel holds {sorted(tops)}"
    )
    assert not [name for name in names if "/demo/" in name]
    shipped = [
        path.relative_to(REPO).as_posix()
        for app in APPS
        for pattern in ["migrations/*.py", "templates/**/*.*", "static/**/*.*"]
        for path in (REPO / app).glob(pattern)
    ]
    assert not [path for path in shipped if path not in names], "left out of the wheel"


def test_readme_steps_suffice(host):
    assert not host.gaps, "README gaps:\n" + "\n".join(host.gaps)


def test_check_shows_no_warnings(host):
    done = host.manage("check", "--fail-level", "WARNING")
    assert "WARNING" not in done.stderr + done.stdout, done.stderr + done.stdout


@pytest.mark.parametrize(("role", "name"), PAGES, ids=[" ".join(p) for p in PAGES])
def test_page(visits, role, name):
    result = visits.get((role, name))
    assert result is not None, f"{role}: {name!r} was not visited (a step failed)"
    assert result["ok"], (
        f"{role}: {result['request']} -> {result['status']} "
        f"{result.get('location', '')}\n{result['problem']}"
    )
