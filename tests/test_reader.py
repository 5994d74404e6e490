"""Tests of kg.reader: formats, folders, stdin, decoding and input errors."""
from __future__ import annotations

import io
import json
import re

import pytest

from kg import reader
from kg.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    JSONLError,
    LanguageError,
)
from kg.reader import html_to_text, markdown_to_text, read_all, read_documents


def _kg_langs_ready() -> bool:
    try:
        from kg.langs import language_codes
    except ImportError:
        return False
    return {"en", "ko", "zh"} <= set(language_codes())


@pytest.fixture(autouse=True)
def languages(monkeypatch):
    """Use kg.langs when it exists; until then a script-based stand-in."""
    if _kg_langs_ready():
        return
    valid = ("en", "ko", "zh")

    def detect(text: str) -> str | None:
        if re.search(r"[\uac00-\ud7a3]", text):
            return "ko"
        if re.search(r"[\u4e00-\u9fff]", text):
            return "zh"
        if re.search(r"[A-Za-z]", text):
            return "en"
        return None

    def check(code: str) -> str:
        norm = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
        if norm not in valid:
            raise LanguageError(f"unknown language {code!r}; choose one of: {', '.join(valid)}")
        return norm

    monkeypatch.setattr(reader, "_detect_language", detect)
    monkeypatch.setattr(reader, "_check_language", check)


def write(path, content, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def assert_one_line_error(excinfo, name):
    message = str(excinfo.value)
    assert "\n" not in message
    assert message.startswith(f"{name}:") or message.startswith(f"{name} line "), message


# --------------------------------------------------------------------------- formats


def test_txt_keeps_text_and_detects_language(tmp_path):
    f = write(tmp_path / "000_bb1140d7c5ae393e.txt", "알리바바는 AI에 투자한다.\n  두 번째 줄  \n")
    [doc] = read_all([f])
    assert doc.id == "000_bb1140d7c5ae393e"
    assert doc.text == "알리바바는 AI에 투자한다.\n  두 번째 줄  \n"
    assert doc.lang == "ko"
    assert doc.source == str(f)
    assert doc.title is None and doc.url is None and doc.published is None


def test_text_is_not_unicode_normalised(tmp_path):
    decomposed = "\u1100\u1161 Cafe\u0301"  # jamo + combining accent: NFC would change these
    [doc] = read_all([write(tmp_path / "a.txt", decomposed)], "ko")
    assert doc.text == decomposed


def test_crlf_and_cr_become_lf(tmp_path):
    [doc] = read_all([write(tmp_path / "a.txt", "one\r\ntwo\rthree\r\n")], "en")
    assert doc.text == "one\ntwo\nthree\n"


def test_utf8_bom_is_stripped(tmp_path):
    [doc] = read_all([write(tmp_path / "a.txt", b"\xef\xbb\xbfHello")])
    assert doc.text == "Hello"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    data = "中国科技企业吸引投资。\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    [doc] = read_all([write(tmp_path / "a.txt", data)])
    assert doc.text == "中国科技企业吸引投资。\n"
    assert doc.lang == "zh"


def test_markdown(tmp_path):
    md = (
        "---\ntitle: Front Title\ndate: 2025-02-26\n---\n"
        "# 中 테크업계 *AI* 투자\n\n"
        "> **알리바바**는 [Qwen 2.5](https://qwen.ai/x_(y) \"t\") 모델을 ![logo](l.png)공개했다.\n"
        "- 비렌_인텔리전트 snake_case 2 * 3\n"
        "1. `code *x*` and \\*stars\\*\n\n"
        "```python\nprint('**kept**')\n```\n"
        "[ref]: https://example.com\n"
    )
    [doc] = read_all([write(tmp_path / "news.md", md)])
    assert doc.text == (
        "中 테크업계 AI 투자\n\n"
        "알리바바는 Qwen 2.5 모델을 공개했다.\n"
        "비렌_인텔리전트 snake_case 2 * 3\n"
        "1. code *x* and *stars*\n\n"
        "print('**kept**')"
    )
    assert doc.title == "Front Title"
    assert doc.published == "2025-02-26"
    assert doc.lang == "ko"


def test_markdown_title_is_first_heading_setext():
    got = markdown_to_text("Intro line\n\nDeepSeek shock\n==============\n\nBody.\n")
    assert got.title == "DeepSeek shock"
    assert got.text == "Intro line\n\nDeepSeek shock\n\nBody."


HTML = """<!DOCTYPE html>
<html><head>
<title>Biren weighs Hong Kong IPO</title>
<link rel="canonical" href="https://news.example.com/biren">
<meta property="og:url" content="https://og.example.com/biren">
<meta property="article:published_time" content="2025-02-26T09:00:00+09:00">
<style>p { color: red; }</style>
<script>document.write("<p>hidden</p>");</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/tech">Tech</a></nav>
<h1>Biren   weighs
 IPO</h1>
<p>Shanghai Biren &amp; Alibaba&#39;s &quot;AI&quot; plans&nbsp;&mdash; Zhou&nbsp;Hongyi said.</p>
<ul><li>First</li><li>Second</li></ul>
<pre>  keep   spacing
line</pre>
<script>var hidden = 1;</script>
<noscript>enable js</noscript>
</body></html>
"""


def test_html(tmp_path):
    [doc] = read_all([write(tmp_path / "page.html", HTML)])
    assert doc.text == (
        "Biren weighs IPO\n\n"
        "Shanghai Biren & Alibaba's \"AI\" plans\xa0\u2014 Zhou\xa0Hongyi said.\n\n"
        "First\nSecond\n\n"
        "keep   spacing\nline"
    )
    assert "hidden" not in doc.text and "Home" not in doc.text and "color" not in doc.text
    assert doc.title == "Biren weighs Hong Kong IPO"
    assert doc.url == "https://news.example.com/biren"
    assert doc.published == "2025-02-26T09:00:00+09:00"
    assert doc.lang == "en"
    assert doc.id == "page"


def test_html_fallbacks_h1_og_url_time():
    page = (
        '<meta property="og:url" content="https://og.example.com/x">'
        "<body><h1>Feng Ji</h1><p>Posted <time datetime=\"2025-02-24\">Monday</time></p></body>"
    )
    got = html_to_text(page)
    assert got == ("Feng Ji\n\nPosted Monday", "Feng Ji", "https://og.example.com/x", "2025-02-24")


def test_jsonl(tmp_path):
    lines = [
        {"id": "a1", "text": "Alibaba plans AI spending.", "url": "https://x/a1", "published": "2025-02-26"},
        {"id": 7, "text": "알리바바가 투자한다.", "title": "T"},
        {"text": "Text with its own lang", "lang": "zh"},
    ]
    body = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:2]) + "\n\n   \n" + json.dumps(lines[2]) + "\n"
    f = write(tmp_path / "batch.jsonl", body)
    docs = read_all([f])
    assert [d.id for d in docs] == ["a1", "7", "batch:5"]
    assert [d.lang for d in docs] == ["en", "ko", "zh"]  # a line's own lang beats detection
    assert docs[0].url == "https://x/a1" and docs[0].published == "2025-02-26"
    assert docs[1].title == "T"
    assert [d.source for d in docs] == [f"{f}:1", f"{f}:2", f"{f}:5"]


def test_explicit_lang_overrides_everything(tmp_path):
    f = write(tmp_path / "b.ndjson", '{"text": "Hello", "lang": "zh"}\n{"text": "Hi", "lang": "xx"}\n')
    g = write(tmp_path / "c.txt", "안녕하세요")
    assert [d.lang for d in read_all([f, g], "en")] == ["en", "en", "en"]


def test_language_codes_are_canonical(tmp_path):
    f = write(tmp_path / "b.jsonl", '{"text": "Hello", "lang": "zh-Hans"}\n')
    assert read_all([f])[0].lang == "zh"
    assert read_all([f], "ko-KR")[0].lang == "ko"


# --------------------------------------------------------------------------- folders, ids, stdin


def test_folder_recursion_order_and_skips(tmp_path):
    root = tmp_path / "seeds"
    write(root / "b.txt", "B text")
    write(root / "a.md", "# A\ntext")
    write(root / "sub" / "c.html", "<p>C text</p>")
    write(root / "a-z" / "d.txt", "D text")
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "e.txt", "hidden")
    write(root / "notes.docx", b"PK\x03\x04binary")
    write(root / "data.json", "{}")
    write(root / "README.md", "# About this folder")
    docs = read_all([root])
    assert [d.id for d in docs] == ["d", "a", "b", "c"]
    assert docs[0].source == str(root / "a-z" / "d.txt")
    assert read_all([root]) == docs  # deterministic


def test_duplicate_names_are_disambiguated_by_path(tmp_path):
    write(tmp_path / "in" / "ko" / "article.txt", "한국어 기사")
    write(tmp_path / "in" / "en" / "article.txt", "English article")
    write(tmp_path / "in" / "en" / "article.md", "English *markdown*")
    write(tmp_path / "in" / "other.txt", "Other")
    docs = read_all([tmp_path / "in"])
    assert [d.id for d in docs] == ["en/article.md", "en/article.txt", "ko/article", "other"]


def test_same_file_twice_is_read_once(tmp_path):
    f = write(tmp_path / "in" / "a.txt", "Alpha")
    assert [d.id for d in read_all([tmp_path / "in", f])] == ["a"]


def test_single_path_argument(tmp_path):
    f = write(tmp_path / "a.txt", "Alpha")
    assert [d.id for d in read_all(str(f))] == ["a"]


def test_stdin_plain_text():
    [doc] = read_all(["-"], stdin=io.StringIO("\ufeffDeepSeek shock\r\n"))
    assert (doc.id, doc.text, doc.lang, doc.source) == ("stdin", "DeepSeek shock\n", "en", "<stdin>")


def test_stdin_jsonl_and_bytes():
    data = '  {"id": "x", "text": "中国"}\n{"text": "비렌"}\n'
    docs = read_all(["-"], stdin=io.BytesIO(data.encode("utf-8")))
    assert [(d.id, d.lang, d.source) for d in docs] == [("x", "zh", "<stdin>:1"), ("stdin:2", "ko", "<stdin>:2")]


def test_unknown_extension_named_explicitly_is_sniffed(tmp_path):
    f = write(tmp_path / "article", "Plain article")
    g = write(tmp_path / "lines.json", '{"id": "j", "text": "From JSON lines"}\n')
    assert [d.id for d in read_all([f, g])] == ["article", "j"]


def test_read_documents_is_lazy_but_checks_paths_at_once(tmp_path):
    good = write(tmp_path / "a.txt", "Alpha")
    bad = write(tmp_path / "b.txt", b"\x00\x01")
    docs = read_documents([good, bad])
    assert next(docs).id == "a"
    with pytest.raises(BinaryInputError):
        next(docs)
    with pytest.raises(InputError):
        read_documents([good, tmp_path / "missing.txt"])  # before anything is read


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path):
    name = str(tmp_path / "nope.txt")
    with pytest.raises(InputError) as e:
        read_all([name])
    assert_one_line_error(e, name)
    assert "no such file or directory" in str(e.value)


def test_empty_folder(tmp_path):
    write(tmp_path / "d" / "x.pdf", b"%PDF-1.4")
    with pytest.raises(InputError) as e:
        read_all([tmp_path / "d"])
    assert_one_line_error(e, str(tmp_path / "d"))


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf", "\u3000\n".encode()])
def test_empty_and_whitespace_only(tmp_path, content):
    f = write(tmp_path / "e.txt", content)
    with pytest.raises(EmptyInputError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))
    assert "empty" in str(e.value)


def test_html_without_visible_text(tmp_path):
    f = write(tmp_path / "e.html", "<html><head><title>x</title></head><script>1</script></html>")
    with pytest.raises(EmptyInputError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))


@pytest.mark.parametrize(
    "content,kind",
    [
        (b"text\x00more", "NUL byte"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_binary(tmp_path, content, kind):
    f = write(tmp_path / "bin.txt", content)
    with pytest.raises(BinaryInputError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))
    assert f"binary file ({kind}" in str(e.value)


def test_latin1_bytes(tmp_path):
    f = write(tmp_path / "latin.txt", "Caf\u00e9 au lait", encoding="latin-1")
    with pytest.raises(EncodingError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))
    assert "not UTF-8 text (invalid byte 0xE9 at offset 3)" in str(e.value)
    assert "iconv -t UTF-8" in str(e.value)


def test_too_large(tmp_path):
    f = write(tmp_path / "big.txt", "x" * 100)
    with pytest.raises(InputTooLargeError) as e:
        read_all([f], max_bytes=10)
    assert_one_line_error(e, str(f))
    assert "100 bytes" in str(e.value) and "10 bytes" in str(e.value)


def test_stdin_too_large():
    with pytest.raises(InputTooLargeError) as e:
        read_all(["-"], stdin=io.StringIO("x" * 100), max_bytes=10)
    assert_one_line_error(e, "<stdin>")


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"id": "a" "text": "x"}', "line 2: not valid JSON (Expecting ',' delimiter at column 12)"),
        ('{"id": "a"}', "line 2: missing 'text'"),
        ('{"text": 42}', "line 2: 'text' must be a non-empty string"),
        ('{"text": "  "}', "line 2: 'text' must be a non-empty string"),
        ('["text"]', "line 2: expected a JSON object"),
        ('{"text": "x", "lang": 3}', "line 2: 'lang' must be"),
        ('{"text": "x", "lang": "xx"}', "line 2: 'lang' must be a supported language code"),
        ('{"text": "x", "id": "ok"}', "line 2: duplicate id 'ok'"),
        ('{"text": "x", "url": 5}', "line 2: 'url' must be a string"),
    ],
)
def test_malformed_jsonl(tmp_path, line, message):
    f = write(tmp_path / "bad.jsonl", '{"id": "ok", "text": "fine"}\n' + line + "\n")
    with pytest.raises(JSONLError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))
    assert f"{f} {message}" in str(e.value)


def test_jsonl_without_documents(tmp_path):
    f = write(tmp_path / "blank.jsonl", "\n\n")
    with pytest.raises(EmptyInputError):
        read_all([f])


def test_unknown_lang(tmp_path):
    f = write(tmp_path / "a.txt", "Alpha")
    with pytest.raises(LanguageError) as e:
        read_all([f], "xx")
    assert "\n" not in str(e.value)
    assert "'xx'" in str(e.value) and "en" in str(e.value)


def test_undetectable_language(tmp_path):
    f = write(tmp_path / "digits.txt", "2025 - 42 %")
    with pytest.raises(LanguageError) as e:
        read_all([f])
    assert_one_line_error(e, str(f))
    assert "pass --lang" in str(e.value)
    assert read_all([f], "en")[0].lang == "en"


def test_stdin_given_twice():
    with pytest.raises(InputError):
        read_all(["-", "-"], stdin=io.StringIO("x"))


def test_html_line_breaks():
    got = html_to_text("<div><p>a<br><br>b</p><p>c</p></div><table><tr><td>x</td><td>y</td></tr></table>")
    assert got.text == "a\n\nb\n\nc\n\nx y"


def test_html_title_without_head_is_not_body_text():
    got = html_to_text("<title>Only title</title><p>Body</p>")
    assert (got.text, got.title) == ("Body", "Only title")


# -- streaming: a JSONL file is read line by line ---------------------------------------------------

def test_a_jsonl_file_larger_than_the_limit_is_read_line_by_line(tmp_path):
    """The size limit is a line's, not the file's: a JSONL file of any size streams."""
    f = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": f"Alibaba invested in Biren, report {i}.", "lang": "en"})
             for i in range(200)]
    f.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    assert f.stat().st_size > 2000
    docs = list(read_documents([f], max_bytes=200))
    assert [d.id for d in docs] == [f"d{i}" for i in range(200)]
    assert docs[7].text == "Alibaba invested in Biren, report 7." and docs[7].source == f"{f}:8"


def test_a_jsonl_line_over_the_limit_is_refused_with_its_number(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "short", "lang": "en"}) + "\n" +
                 json.dumps({"text": "x" * 500, "lang": "en"}) + "\n", encoding="utf-8")
    with pytest.raises(InputTooLargeError, match=r"a\.jsonl line 2: too large .*a line"):
        list(read_documents([f], max_bytes=100))


def test_jsonl_documents_come_before_the_rest_of_the_file_is_read(tmp_path):
    """read_documents is lazy: the first document comes although a later line is broken, and the
    broken line raises when it is reached, with its number."""
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Nvidia supplies Baidu.", "lang": "en"}) + "\n\n{broken\n",
                 encoding="utf-8")
    docs = read_documents([f])
    assert next(docs).id == "a"
    with pytest.raises(JSONLError, match=r"a\.jsonl line 3: not valid JSON"):
        next(docs)


def test_a_streamed_jsonl_file_reports_bad_utf8_at_its_file_offset(tmp_path):
    f = tmp_path / "a.jsonl"
    first = (json.dumps({"text": "ok", "lang": "en"}) + "\n").encode()
    f.write_bytes(first + b'{"text": "caf\xe9"}\n')
    with pytest.raises(EncodingError, match=rf"invalid byte 0xE9 at offset {len(first) + 13}\)"):
        list(read_documents([f]))


def test_a_utf16_jsonl_file_with_a_bom_is_still_read(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes((json.dumps({"id": "u", "text": "알리바바가 투자했다.", "lang": "ko"}, ensure_ascii=False)
                   + "\n").encode("utf-16"))
    assert [(d.id, d.text) for d in read_documents([f])] == [("u", "알리바바가 투자했다.")]
