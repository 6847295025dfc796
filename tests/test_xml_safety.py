"""The one XML parser refuses hostile input quickly and never reads files or the network."""

import time
from pathlib import Path

import pytest

from dipterm._xml import parse_xml
from dipterm.findings import DiptermError

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>"""
XXE_NET = XXE_FILE.replace(b"file:///etc/passwd", b"http://127.0.0.1:9/x")
LAUGHS = (
    b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">"""
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join([b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")] * 10))
        for i in range(1, 10)
    )
    + b"""]>
<lolz>&lol9;</lolz>"""
)
PARAM_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]><x/>"""


@pytest.mark.parametrize(
    "data", [XXE_FILE, XXE_NET, LAUGHS, PARAM_DTD], ids=["xxe-file", "xxe-net", "billion-laughs", "param"]
)
def test_entity_attacks_are_refused_quickly(data):
    start = time.monotonic()
    with pytest.raises(DiptermError) as info:
        parse_xml(data, "evil.tmx")
    assert time.monotonic() - start < 2
    assert info.value.path == "evil.tmx" and info.value.line
    assert "root:" not in str(info.value)


def test_deep_nesting_is_refused():
    data = b"<a>" * 100_000 + b"</a>" * 100_000
    with pytest.raises(DiptermError, match="malformed XML"):
        parse_xml(data, "deep.xlf")


def test_huge_attribute_is_refused():
    data = b'<tmx a="' + b"x" * 20_000_000 + b'"/>'
    with pytest.raises(DiptermError):
        parse_xml(data, "huge.tmx")


def test_malformed_xml_names_the_line():
    with pytest.raises(DiptermError) as info:
        parse_xml(b"<tmx>\n<body>\n<tu></body>\n</tmx>", "bad.tmx")
    assert info.value.line == 3


def test_plain_document_parses(tmp_path: Path):
    tree = parse_xml(b'<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>', "ok.tmx")
    assert tree.getroot().tag == "tmx"
