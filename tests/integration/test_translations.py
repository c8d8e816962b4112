"""Every UI string has a Chinese translation (Chinese is the default language)."""

import subprocess

from babel.messages.pofile import read_po

from webapp.i18n_tool import catalogue_path, extract_command


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_string_in_the_code_is_in_the_chinese_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(extract_command(pot), check=True, capture_output=True)
    with pot.open("rb") as handle:
        in_code = _ids(read_po(handle))
    with catalogue_path("zh").open("rb") as handle:
        zh = read_po(handle, locale="zh")
    translated = {m.id if isinstance(m.id, str) else m.id[0]
                  for m in zh if m.id and (m.string if isinstance(m.string, str)
                                           else any(m.string))}
    assert in_code, "extraction found no strings: babel.cfg is broken"
    assert sorted(in_code - translated) == []
