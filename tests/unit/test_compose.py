"""Offline checks of docker-compose.yml, the Dockerfiles and the nginx config.

No Docker engine is available where the tests run, so the deployment is validated statically: the
compose file against the official Compose Specification schema (vendored in fixtures/compose/),
its variable references against docker/.env.example, its wiring (build files, dependencies,
volumes, health checks) against itself, and the environment it passes to the backend against the
names the backend's code reads.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA_FILE = ROOT / "fixtures" / "compose" / "compose-spec.json"
ENV_EXAMPLE = ROOT / "docker" / ".env.example"
NGINX_CONF = ROOT / "docker" / "nginx.conf"
DOCKERIGNORE = ROOT / ".dockerignore"
BACKEND_DOCKERFILE = ROOT / "docker" / "backend.Dockerfile"
FRONTEND_DOCKERFILE = ROOT / "docker" / "frontend.Dockerfile"
BACKEND_SOURCE_DIR = ROOT / "backend"

# The services that run the backend image and are configured by the backend's settings.
BACKEND_SERVICES = ("migrate", "web", "worker", "beat")
# The environment variables the backend reads in a deployment (see backend/config/settings.py).
BACKEND_ENV_NAMES = frozenset(
    {
        "FXS_ENV",
        "FXS_DATA_DIR",
        "FXS_LOG_LEVEL",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "BAM_SUBSCRIPTION_KEY",
        "DJANGO_EMAIL_HOST",
        "DJANGO_EMAIL_PORT",
        "DJANGO_EMAIL_HOST_USER",
        "DJANGO_EMAIL_HOST_PASSWORD",
        "DJANGO_DEFAULT_FROM_EMAIL",
        "FXS_TRUSTED_PROXY_COUNT",
    }
)
# Every backend process must get at least these, or it would run embedded (SQLite, file broker).
BACKEND_ENV_REQUIRED = frozenset(
    {
        "FXS_ENV",
        "FXS_DATA_DIR",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
    }
)
# The variables compose must refuse to start without.
REQUIRED_VARIABLES = frozenset(
    {
        "DJANGO_SECRET_KEY",
        "POSTGRES_PASSWORD",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
    }
)
# Environment keys whose value is a credential: it must come from a variable, never a literal.
SECRET_KEY_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$")
# A credential-named key (YAML `KEY: value` or `KEY=value`) whose value is not a `${...}` reference.
LITERAL_SECRET_IN_TEXT = re.compile(
    r"^[ \t]*(?:-[ \t]*)?[\"']?(?P<key>[A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|_KEY)[A-Z0-9_]*)[\"']?"
    r"(?::[ \t]+|=)(?![\"']?\$\{)(?=\S)",
    re.MULTILINE,
)
URL_CREDENTIALS = re.compile(r"://(?P<user>[^:/@\s]+):(?P<password>[^@\s]*)@")
# A stand-in for each required variable when the example file leaves it blank.
PLACEHOLDER_SECRET = "s" * 64

# --- Compose variable interpolation (${VAR}, ${VAR:-default}, ${VAR:?message}, ...) -------------

_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
_BRACED = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|-|:\?|\?|:\+|\+)(?P<arg>.*))?$"
)


class InterpolationError(ValueError):
    """A reference that compose would refuse: a required variable unset, or bad syntax."""


@dataclass(frozen=True)
class VariableRef:
    """One `$NAME` / `${NAME<op><argument>}` reference in the compose file."""

    name: str
    operator: str
    argument: str

    @property
    def has_default(self) -> bool:
        """Whether an unset variable falls back to the reference's own default."""
        return self.operator in {":-", "-"}

    @property
    def required(self) -> bool:
        """Whether compose refuses to start when the variable is unset."""
        return self.operator in {":?", "?"}


def _parse(match: re.Match[str]) -> VariableRef | None:
    if match.group("escaped"):
        return None
    if match.group("named"):
        return VariableRef(match.group("named"), "", "")
    braced = match.group("braced")
    parsed = _BRACED.match(braced)
    if parsed is None or "${" in (parsed.group("arg") or ""):
        raise InterpolationError(f"unsupported reference ${{{braced}}}")
    return VariableRef(parsed.group("name"), parsed.group("op") or "", parsed.group("arg") or "")


def references_in(text: str) -> list[VariableRef]:
    """Every variable reference in one string, in order (`$$` is an escaped dollar)."""
    return [ref for m in _REFERENCE.finditer(text) if (ref := _parse(m)) is not None]


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """The string as compose would see it with this environment."""

    def substitute(match: re.Match[str]) -> str:
        ref = _parse(match)
        if ref is None:
            return "$"
        value = env.get(ref.name)
        empty = not value
        if ref.operator == ":-":
            return ref.argument if empty else str(value)
        if ref.operator == "-":
            return ref.argument if value is None else value
        if (ref.operator == ":?" and empty) or (ref.operator == "?" and value is None):
            raise InterpolationError(f"{ref.name}: {ref.argument}")
        if ref.operator == ":+":
            return "" if empty else ref.argument
        if ref.operator == "+":
            return "" if value is None else ref.argument
        return value or ""

    return _REFERENCE.sub(substitute, text)


def strings_in(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string value in a parsed YAML document, with its dotted path (keys are literal)."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from strings_in(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings_in(value, f"{path}[{index}]")


def variables_in(doc: Any) -> dict[str, list[VariableRef]]:
    """Every variable the document references, with all of its references."""
    found: dict[str, list[VariableRef]] = {}
    for _, text in strings_in(doc):
        for ref in references_in(text):
            found.setdefault(ref.name, []).append(ref)
    return found


def interpolate_document(doc: Any, env: Mapping[str, str]) -> Any:
    """A copy of the document with every string interpolated; all errors are raised together."""
    errors: list[str] = []

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            try:
                return interpolate(node, env)
            except InterpolationError as exc:
                errors.append(str(exc))
                return node
        if isinstance(node, Mapping):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result = walk(doc)
    if errors:
        raise InterpolationError("; ".join(sorted(set(errors))))
    return result


# --- Loading ------------------------------------------------------------------------------------


def load_compose() -> dict[str, Any]:
    """The compose file as YAML data, anchors resolved, not interpolated."""
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def parse_env_file(text: str) -> dict[str, str]:
    """A dotenv file as compose reads it: KEY=VALUE lines, optional quotes, # comments."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"not a KEY=VALUE line: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def documented_env() -> dict[str, str]:
    """The variables docker/.env.example documents, with their example values."""
    return parse_env_file(ENV_EXAMPLE.read_text(encoding="utf-8"))


def example_env() -> dict[str, str]:
    """The example file with placeholders where it leaves a required value blank."""
    env = documented_env()
    for name in REQUIRED_VARIABLES:
        if not env.get(name):
            env[name] = PLACEHOLDER_SECRET
    return env


def backend_source_text() -> str:
    """The text of the backend's Python code, where the settings read the environment."""
    if not BACKEND_SOURCE_DIR.is_dir():
        return ""
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(BACKEND_SOURCE_DIR.rglob("*.py"))
        if "migrations" not in path.parts
    )


def backend_reads(name: str, source: str) -> bool:
    """Whether the backend's code names this variable as a string literal."""
    return re.search(rf"[\"']{re.escape(name)}[\"']", source) is not None


# --- Checks -------------------------------------------------------------------------------------


def schema_errors(doc: Any) -> list[str]:
    """Violations of the Compose Specification schema, one readable line each."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))
    ]


def environment_of(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment`, list or mapping form, as a mapping of strings."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.partition("=") for item in env)
        return {key: value for key, _, value in pairs}
    return {key: "" if value is None else str(value) for key, value in env.items()}


def depends_on_of(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's dependencies with their start conditions."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def named_volumes_of(service: Mapping[str, Any]) -> list[str]:
    """The named volumes a service mounts (bind mounts and anonymous volumes excluded)."""
    names = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            source, sep, _ = volume.partition(":")
            if sep and not source.startswith((".", "/", "~", "$")):
                names.append(source)
        elif volume.get("type", "volume") == "volume" and volume.get("source"):
            names.append(volume["source"])
    return names


def is_long_running(service: Mapping[str, Any]) -> bool:
    """One-shot jobs are marked `restart: "no"`; everything else is meant to stay up."""
    return str(service.get("restart", "always")) != "no"


def secret_problems(path: str, key: str, value: str) -> list[str]:
    """A credential given as a literal rather than taken from a variable."""
    problems = []
    if SECRET_KEY_NAME.search(key):
        refs = references_in(value)
        literal = _REFERENCE.sub("", value)
        if literal or any(ref.has_default and ref.argument for ref in refs):
            problems.append(f"{path}: secret {key} must come only from a variable")
    for match in URL_CREDENTIALS.finditer(value):
        password = match.group("password")
        if password and _REFERENCE.sub("", password):
            problems.append(f"{path}: literal password in URL")
    return problems


def check_compose(
    doc: Mapping[str, Any],
    *,
    root: Path,
    documented: Mapping[str, str],
    backend_source: str,
) -> list[str]:
    """Every wiring problem in a (not interpolated) compose document; empty when it is sound."""
    problems: list[str] = []
    services: Mapping[str, Any] = doc.get("services") or {}
    declared_volumes = set((doc.get("volumes") or {}).keys())

    for name, service in services.items():
        build = service.get("build")
        if build is not None:
            spec = {"context": build} if isinstance(build, str) else build
            context = root / spec.get("context", ".")
            if not context.is_dir():
                problems.append(f"{name}: build context {spec.get('context')} does not exist")
            dockerfile = context / spec.get("dockerfile", "Dockerfile")
            if not dockerfile.is_file():
                problems.append(f"{name}: dockerfile {spec.get('dockerfile')} does not exist")

        for dep, condition in depends_on_of(service).items():
            target = services.get(dep)
            if target is None:
                problems.append(f"{name}: depends_on names unknown service {dep}")
            elif condition == "service_healthy" and "healthcheck" not in target:
                problems.append(f"{name}: waits for {dep} to be healthy but it has no healthcheck")
            elif condition == "service_completed_successfully" and is_long_running(target):
                problems.append(f"{name}: waits for {dep} to complete but it never does")

        for volume in named_volumes_of(service):
            if volume not in declared_volumes:
                problems.append(f"{name}: volume {volume} is not declared")

        if is_long_running(service):
            check = service.get("healthcheck") or {}
            if not check.get("test") or check.get("disable") or check["test"] == ["NONE"]:
                problems.append(f"{name}: long-running service has no healthcheck")

        env = environment_of(service)
        for key, value in env.items():
            problems += secret_problems(f"{name}.environment", key, value)
        if name in BACKEND_SERVICES:
            for key in sorted(set(env) - BACKEND_ENV_NAMES):
                problems.append(f"{name}: passes {key}, which the backend does not read")
            for key in sorted(BACKEND_ENV_REQUIRED - set(env)):
                problems.append(f"{name}: does not pass {key}")
            for key in sorted(set(env) & BACKEND_ENV_NAMES):
                if not backend_reads(key, backend_source):
                    problems.append(f"{name}: passes {key}, not found in the backend's code")
            if env.get("FXS_ENV") != "production":
                problems.append(f"{name}: FXS_ENV must be production")
        if name != "proxy" and service.get("ports"):
            problems.append(f"{name}: only the proxy may publish ports")

    for name, refs in sorted(variables_in(doc).items()):
        if name not in documented and not all(ref.has_default for ref in refs):
            problems.append(f"${{{name}}} has no default and is not in docker/.env.example")

    return problems


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, line continuations joined, comments dropped."""
    logical: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    pairs = []
    for line in logical:
        instruction, _, arguments = line.partition(" ")
        pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def copy_sources(instructions: list[tuple[str, str]]) -> list[str]:
    """The build-context paths that COPY/ADD instructions read (multi-stage copies excluded)."""
    sources = []
    for instruction, arguments in instructions:
        if instruction not in {"COPY", "ADD"}:
            continue
        words = arguments.split()
        if any(word.startswith("--from=") for word in words):
            continue
        paths = [word for word in words if not word.startswith("--")]
        sources += paths[:-1]
    return sources


def dockerignore_excludes(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps this context path (or a folder above it) out of the build."""
    parts = Path(path.rstrip("/")).parts
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        glob = pattern.lstrip("!").strip("/")
        variants = {glob, glob.removeprefix("**/")}
        if any(fnmatch.fnmatchcase(c, v) for c in candidates for v in variants):
            excluded = not negate
    return excluded


def dockerfile_problems(text: str, *, root: Path, ignore_patterns: list[str]) -> list[str]:
    """COPY sources that are missing or ignored, and a final stage that runs as root."""
    instructions = dockerfile_instructions(text)
    problems = []
    for source in copy_sources(instructions):
        if not (root / source).exists():
            problems.append(f"COPY source {source} does not exist")
        elif dockerignore_excludes(source, ignore_patterns):
            problems.append(f"COPY source {source} is excluded by .dockerignore")
    return problems


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The instructions of the last build stage."""
    last_from = max(i for i, (instruction, _) in enumerate(instructions) if instruction == "FROM")
    return instructions[last_from:]


def nginx_locations(text: str) -> dict[str, str]:
    """Each `location [modifier] path { ... }` block's body, keyed by modifier and path."""
    text = re.sub(r"#[^\n]*", "", text)
    pattern = re.compile(r"location\s+(?:(=|\^~|~\*?)\s+)?(\S+)\s*\{([^{}]*)\}")
    return {f"{m.group(1) or ''}{m.group(2)}": m.group(3) for m in pattern.finditer(text)}


def nginx_problems(text: str) -> list[str]:
    """What the proxy must do: send the API, admin and static files to web; serve the SPA."""
    problems = []
    body = re.sub(r"#[^\n]*", "", text)
    upstreams = dict(re.findall(r"upstream\s+(\S+)\s*\{[^}]*server\s+([^;\s]+)", body))
    locations = nginx_locations(text)
    for prefix in ("/api/", "/admin/", "/static/"):
        block = locations.get(prefix)
        target = re.search(r"proxy_pass\s+https?://([^;/\s]+)", block or "")
        backend = target and upstreams.get(target.group(1), target.group(1))
        if backend != "web:8000":
            problems.append(f"location {prefix} does not proxy to web:8000")
    spa = locations.get("/", "")
    if not re.search(r"try_files\s+\$uri\s+\$uri/\s+/index\.html\s*;", spa):
        problems.append("location / has no SPA fallback to /index.html")
    if not re.search(r"listen\s+80\b", body):
        problems.append("nginx does not listen on port 80")
    return problems


# --- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def backend_source() -> str:
    return backend_source_text()


def run_checks(doc: Mapping[str, Any], backend_source: str) -> list[str]:
    return check_compose(doc, root=ROOT, documented=documented_env(), backend_source=backend_source)


# --- The compose file ---------------------------------------------------------------------------


def test_schema_provenance_is_recorded() -> None:
    provenance = (SCHEMA_FILE.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Apache License 2.0" in provenance
    assert "dclint" in provenance
    assert "3.1.0" in provenance
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["title"] == "Compose Specification"
    conditions = schema["definitions"]["service"]["properties"]["depends_on"]["oneOf"][1]
    condition = conditions["patternProperties"]["^[a-zA-Z0-9._-]+$"]["properties"]["condition"]
    assert "service_completed_successfully" in condition["enum"]


def test_compose_file_matches_the_compose_specification_as_written(compose: dict) -> None:
    errors = schema_errors(compose)
    assert errors == [], "\n".join(errors)


def test_compose_file_matches_the_compose_specification_once_interpolated(compose: dict) -> None:
    errors = schema_errors(interpolate_document(compose, example_env()))
    assert errors == [], "\n".join(errors)


def test_compose_wiring_is_sound(compose: dict, backend_source: str) -> None:
    problems = run_checks(compose, backend_source)
    assert problems == [], "\n".join(problems)


def test_services_are_the_deployment(compose: dict) -> None:
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "migrate",
        "web",
        "worker",
        "beat",
        "proxy",
    }
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert services["postgres"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["command"][-1] == (
        "python -m backend.manage migrate --noinput"
        " && python -m backend.manage collectstatic --noinput"
        " && python -m backend.manage load_rulebooks"  # the shipped rulebooks are reference data
    )
    assert services["web"]["command"][:3] == [
        "gunicorn",
        "backend.config.wsgi:application",
        "--bind=0.0.0.0:8000",
    ]
    # Screening yields the host's CPU to the web service: nice 10 unless WORKER_NICE says otherwise.
    assert services["worker"]["command"] == [
        "nice",
        "-n",
        "${WORKER_NICE:-10}",
        "celery",
        "-A",
        "workers.app",
        "worker",
        "--loglevel=INFO",
    ]
    assert interpolate(services["worker"]["command"][2], {}) == "10"
    assert interpolate(services["worker"]["command"][2], {"WORKER_NICE": "0"}) == "0"
    assert services["beat"]["command"] == [
        "celery",
        "-A",
        "workers.app",
        "beat",
        "--loglevel=INFO",
        "--schedule",
        "/var/lib/fxs/celerybeat-schedule",
    ]
    assert depends_on_of(services["web"]) == {
        "migrate": "service_completed_successfully",
        "postgres": "service_healthy",
        "redis": "service_healthy",
    }
    assert depends_on_of(services["proxy"]) == {"web": "service_healthy"}


def test_web_healthcheck_probes_the_health_endpoint_without_curl(compose: dict) -> None:
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    assert "urllib.request" in test[3]
    assert "http://127.0.0.1:8000/api/v1/health/" in test[3]
    compile(test[3], "<web healthcheck>", "exec")  # the probe is valid Python


def test_beat_healthcheck_is_valid_python(compose: dict) -> None:
    test = compose["services"]["beat"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    compile(test[3], "<beat healthcheck>", "exec")


def test_state_lives_in_named_volumes(compose: dict) -> None:
    services = compose["services"]
    assert named_volumes_of(services["postgres"]) == ["postgres-data"]
    assert named_volumes_of(services["web"]) == ["fxs-data"]
    assert named_volumes_of(services["worker"]) == ["fxs-data"]
    assert named_volumes_of(services["migrate"]) == ["fxs-data"]
    assert named_volumes_of(services["beat"]) == ["beat-schedule"]
    assert set(compose["volumes"]) == {"postgres-data", "redis-data", "fxs-data", "beat-schedule"}


def test_interpolation_with_the_example_environment(compose: dict) -> None:
    env = example_env() | {"POSTGRES_PASSWORD": "pw-from-env", "PROXY_PORT": "9000"}
    resolved = interpolate_document(compose, env)
    web_env = environment_of(resolved["services"]["web"])
    assert web_env["DATABASE_URL"] == "postgres://fxs:pw-from-env@postgres:5432/fxs"
    assert web_env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert web_env["REDIS_URL"] == "redis://redis:6379/1"
    assert web_env["FXS_DATA_DIR"] == "/var/lib/fxs"
    assert web_env["DJANGO_SECURE_SSL_REDIRECT"] == "true"
    assert resolved["services"]["proxy"]["ports"] == ["9000:80"]
    # `$$HOSTNAME` is left for the container's shell.
    worker_check = resolved["services"]["worker"]["healthcheck"]["test"][1]
    assert "--destination celery@$HOSTNAME " in worker_check


def test_defaults_apply_when_optional_variables_are_unset(compose: dict) -> None:
    env = {name: PLACEHOLDER_SECRET for name in REQUIRED_VARIABLES}
    resolved = interpolate_document(compose, env)
    assert resolved["services"]["proxy"]["ports"] == ["8080:80"]
    web_env = environment_of(resolved["services"]["web"])
    assert web_env["DJANGO_EMAIL_PORT"] == "587"
    assert web_env["DJANGO_DEFAULT_FROM_EMAIL"] == "FX Sandbox Tracker <no-reply@localhost>"
    assert web_env["BAM_SUBSCRIPTION_KEY"] == ""


def test_compose_refuses_to_start_without_the_required_variables(compose: dict) -> None:
    required = {
        name for name, refs in variables_in(compose).items() if any(ref.required for ref in refs)
    }
    assert required == REQUIRED_VARIABLES
    with pytest.raises(InterpolationError) as excinfo:
        interpolate_document(compose, {})
    for name in REQUIRED_VARIABLES:
        assert f"{name}: " in str(excinfo.value)


def test_every_variable_is_documented_or_defaulted(compose: dict) -> None:
    documented = documented_env()
    referenced = variables_in(compose)
    undocumented = sorted(
        name
        for name, refs in referenced.items()
        if name not in documented and not all(ref.has_default for ref in refs)
    )
    assert undocumented == []
    # ...and the example documents nothing that the compose file does not use.
    assert sorted(set(documented) - set(referenced)) == []


def test_no_literal_secret_in_the_compose_file_or_the_example() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert [m.group("key") for m in LITERAL_SECRET_IN_TEXT.finditer(text)] == []
    example = documented_env()
    for name in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "DJANGO_EMAIL_HOST_PASSWORD"):
        assert example[name] == "", f"{name} must be blank in the example"
    assert not (ROOT / ".env").exists() or ".env" in (ROOT / ".gitignore").read_text()


# --- Dockerfiles, .dockerignore, nginx ------------------------------------------------------------


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_backend_dockerfile() -> None:
    text = BACKEND_DOCKERFILE.read_text(encoding="utf-8")
    instructions = dockerfile_instructions(text)
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(args for instruction, args in instructions if instruction == "RUN")
    assert re.search(r"pip install [^&]*\"?uv==", runs)
    assert "uv sync --frozen --no-dev" in runs
    sources = copy_sources(instructions)
    for required in ("pyproject.toml", "uv.lock", "backend/", "workers/", "fixtures/"):
        assert required in sources
    users = [args for instruction, args in final_stage(instructions) if instruction == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    problems = dockerfile_problems(text, root=ROOT, ignore_patterns=dockerignore_patterns())
    assert problems == [], "\n".join(problems)


def test_frontend_dockerfile() -> None:
    text = FRONTEND_DOCKERFILE.read_text(encoding="utf-8")
    instructions = dockerfile_instructions(text)
    froms = [args for instruction, args in instructions if instruction == "FROM"]
    assert froms[0].startswith("node:20")
    assert froms[0].endswith(" AS build")
    assert froms[-1] == "nginx:1.27-alpine"
    runs = [args for instruction, args in instructions if instruction == "RUN"]
    assert "npm ci" in runs
    assert "npm run build" in runs
    copies = [args for instruction, args in final_stage(instructions) if instruction == "COPY"]
    assert "docker/nginx.conf /etc/nginx/conf.d/default.conf" in copies
    assert "--from=build /src/frontend/dist /usr/share/nginx/html" in copies
    problems = dockerfile_problems(text, root=ROOT, ignore_patterns=dockerignore_patterns())
    assert problems == [], "\n".join(problems)


def test_dockerignore_keeps_secrets_and_local_state_out() -> None:
    patterns = dockerignore_patterns()
    for path in (".env", ".git", ".venv", "frontend/node_modules", "var/db.sqlite3"):
        assert dockerignore_excludes(path, patterns), path
    for path in ("backend/config/settings.py", "uv.lock", "fixtures/compose/compose-spec.json"):
        assert not dockerignore_excludes(path, patterns), path


def test_nginx_proxies_the_api_and_serves_the_spa() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    assert nginx_problems(text) == []
    assert set(nginx_locations(text)) >= {"/api/", "/admin/", "/static/", "/", "=/healthz"}


# --- The checks can fail -----------------------------------------------------------------------


def _corrupt(compose: dict, change: Any) -> dict:
    doc = copy.deepcopy(compose)
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["services"]["web"]["depends_on"].update(
                {"cache": {"condition": "service_started"}}
            ),
            "web: depends_on names unknown service cache",
        ),
        (
            lambda d: d["services"]["worker"].pop("healthcheck"),
            "worker: long-running service has no healthcheck",
        ),
        (
            lambda d: d["services"]["web"].pop("healthcheck"),
            "proxy: waits for web to be healthy but it has no healthcheck",
        ),
        (
            lambda d: d["services"]["migrate"].update({"restart": "always"}),
            "web: waits for migrate to complete but it never does",
        ),
        (
            lambda d: d["volumes"].pop("beat-schedule"),
            "beat: volume beat-schedule is not declared",
        ),
        (
            lambda d: d["services"]["beat"].update(
                {"environment": {**d["services"]["beat"]["environment"], "DJANGO_SECRETKEY": "x"}}
            ),
            "beat: passes DJANGO_SECRETKEY, which the backend does not read",
        ),
        (
            lambda d: d["services"]["worker"].update(
                {
                    "environment": {
                        k: v
                        for k, v in d["services"]["worker"]["environment"].items()
                        if k != "DATABASE_URL"
                    }
                }
            ),
            "worker: does not pass DATABASE_URL",
        ),
        (
            lambda d: d["services"]["postgres"]["environment"].update(
                {"POSTGRES_PASSWORD": "hunter2"}
            ),
            "postgres.environment: secret POSTGRES_PASSWORD must come only from a variable",
        ),
        (
            lambda d: d["services"]["web"].update(
                {
                    "environment": {
                        **d["services"]["web"]["environment"],
                        "DATABASE_URL": "postgres://fxs:hunter2@postgres:5432/fxs",
                    }
                }
            ),
            "web.environment: literal password in URL",
        ),
        (
            lambda d: d["services"]["proxy"]["build"].update(
                {"dockerfile": "docker/nope.Dockerfile"}
            ),
            "proxy: dockerfile docker/nope.Dockerfile does not exist",
        ),
        (
            lambda d: d["services"]["proxy"].update({"ports": ["${PUBLIC_PORT}:80"]}),
            "${PUBLIC_PORT} has no default and is not in docker/.env.example",
        ),
        (
            lambda d: d["services"]["redis"].update({"ports": ["6379:6379"]}),
            "redis: only the proxy may publish ports",
        ),
    ],
)
def test_checker_reports_a_corrupted_compose_file(
    compose: dict, backend_source: str, change: Any, expected: str
) -> None:
    problems = run_checks(_corrupt(compose, change), backend_source)
    assert expected in problems


def test_checker_reports_a_name_the_backend_does_not_read(compose: dict) -> None:
    problems = run_checks(compose, backend_source="")
    assert "web: passes DATABASE_URL, not found in the backend's code" in problems


def test_schema_rejects_a_corrupted_compose_file(compose: dict) -> None:
    doc = _corrupt(compose, lambda d: d["services"]["web"]["healthcheck"].update({"tests": []}))
    errors = schema_errors(doc)
    assert len(errors) == 1
    assert errors[0] == (
        "services/web/healthcheck: 'tests' does not match any of the regexes: '^x-'"
    )


def test_interpolation_rules() -> None:
    env = {"SET": "v", "EMPTY": ""}
    assert interpolate("${SET:-d} ${EMPTY:-d} ${UNSET:-d}", env) == "v d d"
    assert interpolate("${EMPTY-d} ${UNSET-d}", env) == " d"
    assert interpolate("${SET:+a} ${EMPTY:+a} ${EMPTY+a}", env) == "a  a"
    assert interpolate("$SET $$SET ${UNSET}", env) == "v $SET "
    with pytest.raises(InterpolationError, match="EMPTY: needed"):
        interpolate("${EMPTY:?needed}", env)
    assert interpolate("${EMPTY?needed}", env) == ""
    with pytest.raises(InterpolationError, match="unsupported"):
        interpolate("${A:-${B}}", env)


def test_nginx_checker_reports_a_missing_api_route() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    broken = re.sub(r"location /api/ \{[^}]*\}", "", text)
    assert broken != text
    assert nginx_problems(broken) == ["location /api/ does not proxy to web:8000"]


def test_literal_secret_scan_can_fail() -> None:
    text = (
        "  POSTGRES_PASSWORD: hunter2\n"
        "  - DJANGO_SECRET_KEY=abc\n"
        "  BAM_SUBSCRIPTION_KEY: ${BAM_SUBSCRIPTION_KEY:-}\n"
        '  DJANGO_EMAIL_HOST_PASSWORD: "${DJANGO_EMAIL_HOST_PASSWORD:-}"\n'
    )
    keys = [m.group("key") for m in LITERAL_SECRET_IN_TEXT.finditer(text)]
    assert keys == ["POSTGRES_PASSWORD", "DJANGO_SECRET_KEY"]


def test_dockerfile_checker_reports_missing_and_ignored_sources() -> None:
    text = "FROM python:3.11-slim\nCOPY backend/ nowhere/ /app/\nCOPY .git /src/.git\nUSER fxs\n"
    problems = dockerfile_problems(text, root=ROOT, ignore_patterns=dockerignore_patterns())
    assert problems == [
        "COPY source nowhere/ does not exist",
        "COPY source .git is excluded by .dockerignore",
    ]


def test_nginx_overwrites_the_forwarded_address_and_the_web_service_trusts_one_hop() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
    assert "$proxy_add_x_forwarded_for" not in text
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    for service in BACKEND_SERVICES:
        assert compose["services"][service]["environment"]["FXS_TRUSTED_PROXY_COUNT"] == "1"


def test_nginx_refusals_are_problem_documents_and_the_spa_gets_the_security_headers() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    for status in ("400", "413", "414", "503"):
        body = re.search(rf"return {status} '(\{{.*\}})';", text)
        assert body is not None, status
        assert json.loads(body.group(1))["status"] == int(status)
    assert "server_tokens off;" in text
    headers = (ROOT / "docker" / "security-headers.conf").read_text(encoding="utf-8")
    assert "script-src 'self'" in headers
    assert "frame-ancestors 'none'" in headers
    assert "Permissions-Policy" in headers
    for location in ("/", "/assets/"):
        assert "security-headers.conf" in nginx_locations(text)[location]
