"""`tojson_text`: a phrase book in a <script> block, Chinese as UTF-8, never breaking out."""

import json

from webapp.templating import tojson_text


def test_chinese_stays_utf8_and_the_json_reads_back():
    strings = {"status_waiting": "待上传:{n} 条", "quote": "it's \"here\""}
    text = str(tojson_text(strings))
    assert "待上传" in text and "\\u5f85" not in text
    assert json.loads(text) == strings


def test_nothing_in_it_can_close_the_script_or_open_a_tag():
    text = str(tojson_text({"x": "</script><script>alert(1)</script>&'"}))
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&'"}
