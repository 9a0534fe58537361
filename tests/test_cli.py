"""The radkg command line: JSON contract, exit codes, documentation, and the README/CI commands."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
JOURNAL_KEYS = [
    "title",
    "title_en",
    "issn",
    "publisher",
    "editor",
    "frequency",
    "email",
    "phone",
    "postcode",
    "address",
    "indexing",
    "description",
    "status",
]
ARTICLE_KEYS = [
    "title",
    "authors",
    "authors_truncated",
    "page_start",
    "page_end",
    "pages_extra",
    "abstract_zh",
    "abstract_en",
    "keywords",
    "article_type",
    "line",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_parse_json_contract(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(main, ["parse", str(seed_path), "--json"])
    assert result.exit_code == EXIT_OK, result.output
    page = json.loads(result.stdout)
    assert list(page)[:2] == ["path", "journal"] and {"articles", "diagnostics"} <= set(page)
    # The stable keys come first, in order; readers of exports add keys after them (issue 8).
    assert list(page["journal"])[: len(JOURNAL_KEYS)] == JOURNAL_KEYS
    assert all(list(a)[: len(ARTICLE_KEYS)] == ARTICLE_KEYS for a in page["articles"])
    first = page["articles"][0]
    assert (
        first["authors"] == ["周卫平", "昝星有", "刘晓", "杨树东"]
        and first["authors_truncated"] is True
    )
    assert first["page_start"] == 201 and first["pages_extra"] == [] and first["line"] == 28
    assert page["articles"][-1]["abstract_en"] is None and page["diagnostics"] == []


def test_parse_several_pages_gives_an_array_and_exit_1_on_skipped_input(
    runner, seed_path, tmp_path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["parse", str(seed_path), str(empty), "--json"])
    assert result.exit_code == EXIT_SKIPPED
    pages = json.loads(result.stdout)
    assert [len(p["articles"]) for p in pages] == [9, 0]
    assert pages[1]["diagnostics"] == [
        {"path": str(empty), "line": None, "message": "file is empty"}
    ]
    assert f"{empty}: file is empty" in result.stderr


def test_parse_summary_escapes_markup(runner: CliRunner, test_data: Path) -> None:
    result = runner.invoke(
        main, ["parse", str(test_data / "toc" / "radiologic-practice-variant.txt")]
    )
    assert result.exit_code == EXIT_SKIPPED
    assert "<script>" in result.stdout  # printed as text, not interpreted by rich
    assert "radiologic-practice-variant.txt:52: malformed page line" in result.stderr


def test_parse_without_arguments_reads_the_bundled_data(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", "--json"])
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout)["journal"]["issn"] == "1005-1201"


def test_build_and_validate(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-q", "-o", str(out), "--format", "ttl,nq"])
    assert result.exit_code == EXIT_OK, result.output
    assert sorted(p.name for p in out.iterdir()) == ["build-report.json", "radkg.nq", "radkg.ttl"]
    result = runner.invoke(main, ["validate", str(out / "radkg.ttl"), str(out / "radkg.nq")])
    assert result.exit_code == EXIT_OK and result.stdout.startswith("conforms")


def test_validate_reports_a_broken_graph(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix fabio: <http://purl.org/spar/fabio/> .\n"
        "<https://w3id.org/radkg/id/article/x> a fabio:JournalArticle .\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == EXIT_SKIPPED
    assert "Conforms: False" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--format", "xml"], "unknown output format 'xml'"),
        (["parse", "--format", "docx", "x.txt"], "unknown source format 'docx'"),
        (["validate", "graph.unknown"], "unknown RDF file extension"),
    ],
)
def test_usage_errors(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "x.txt").write_text("x")
    (tmp_path / "graph.unknown").write_text("x")
    result = runner.invoke(
        main, [str(tmp_path / a) if a in ("x.txt", "graph.unknown") else a for a in args]
    )
    assert result.exit_code == EXIT_USAGE
    assert message in result.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"radkg {name}" in readme, f"`radkg {name}` is not documented in README.md"


def test_ci_runs_exactly_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()[:2]
    assert "radkg build" in commands[0] and "pytest" in commands[1]
    extracted = subprocess.run(
        [
            "bash",
            "-c",
            "awk '/^```sh$/{inside=1; next} inside && /^```$/{exit} inside' README.md | head -n 2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert extracted == commands
    assert "mapfile -t commands" in (ROOT / ".ci" / "run").read_text()


def test_public_api_is_pinned() -> None:
    assert sorted(kg.__all__) == sorted(
        [
            "Article",
            "BuildReport",
            "DecodingError",
            "Diagnostic",
            "InputError",
            "Journal",
            "Page",
            "ParseError",
            "QueryError",
            "RadkgError",
            "ReasonerError",
            "StoreError",
            "UsageError",
            "ValidationError",
            "__version__",
            "build",
            "read",
            "read_toc",
            "split_authors",
            "split_keywords",
            "coauthor_graph",
            "institution_graph",
            "network_metrics",
            "topic_graph",
            "extract",
            "query",
            "run_query",
            "metrics_to_rdf",
            "replace_metrics",
        ]
    )
    for name in kg.__all__:
        assert hasattr(kg, name), name


def test_parse_json_carries_extraction_per_article(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(main, ["parse", str(seed_path), "--json"])
    assert result.exit_code == EXIT_OK, result.output
    articles = json.loads(result.stdout)["articles"]
    assert all({"entities", "institutions", "study", "results"} <= set(a) for a in articles)
    entity = next(e for a in articles for e in a["entities"] if e["id"] == "dki")
    assert set(entity) == {"type", "id", "label_en", "label_zh", "mesh", "mentions"}
    assert set(entity["mentions"][0]) == {"field", "start", "end", "text"}
    results = [r for a in articles for r in a["results"]]
    assert results and all(
        set(r) == {"metric", "value", "ci_low", "ci_high", "model", "split", "n", "p"}
        for r in results
    )
    assert {"auc", "sensitivity"} <= {r["metric"] for r in results}
    bare = json.loads(
        runner.invoke(main, ["parse", str(seed_path), "--json", "--no-extract"]).stdout
    )
    assert not any("entities" in a for a in bare["articles"])


_IMPOSSIBLE_PAGE = """中华放射学杂志
2024年第3期

    基于CT的影像组学模型预测肝细胞癌微血管侵犯

    李明王芳
    201-206页
    查看更多>>摘要:目的 探讨CT影像组学模型的价值。方法 回顾性分析120例患者。结果 训练组AUC为1.20(95%CI 0.90~0.80),验证组AUC为0.812(95%CI 0.701~0.905)。

    影像组学
"""


def test_impossible_results_are_warnings_not_facts(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "impossible.txt"
    page.write_text(_IMPOSSIBLE_PAGE, encoding="utf-8")
    result = runner.invoke(main, ["parse", str(page), "--json"])
    assert result.exit_code == EXIT_OK, result.output  # nothing was skipped
    (article,) = json.loads(result.stdout)["articles"]
    assert [(r["metric"], r["value"], r["split"]) for r in article["results"]] == [
        ("auc", "0.812", "validation")
    ]
    assert (
        "radkg: warning: " in result.stderr and "auc value 1.20 is outside [0, 1]" in result.stderr
    )

    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(page), "-o", str(out), "-q"])
    assert built.exit_code == EXIT_OK, built.output
    assert "auc value 1.20 is outside [0, 1]" in built.stderr
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["diagnostics"] == []
    assert [w["message"] for w in report["warnings"]][0].startswith(
        "auc value 1.20 is outside [0, 1]"
    )
    assert report["warnings"][0]["line"] is not None
    turtle = (out / "radkg.ttl").read_text(encoding="utf-8")
    assert turtle.count("radkg:PerformanceResult") == 1 and "0.812" in turtle
