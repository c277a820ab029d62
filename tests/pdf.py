"""The text of a PDF, read with the standard library alone: its streams inflated, object streams unpacked and the
fonts' text maps applied, enough to find the words a test expects in what WeasyPrint wrote."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as WeasyPrint writes it (fonts with ToUnicode maps, text as hex glyph codes), whitespace
    folded: enough to check what a reader would see, with nothing but the standard library."""
    assert pdf.startswith(b"%PDF-")
    objects: dict[int, tuple[bytes, bytes]] = {}  # number: (dictionary, decoded stream)
    at = 0
    while found := OBJECT.search(pdf, at):
        number, start = int(found.group(1)), found.end()
        end = pdf.find(b"endobj", start)
        head, stream = pdf[start:end], b""
        marker = head.find(b"stream")
        if marker != -1 and (length := re.search(rb"/Length (\d+)", head[:marker])):
            begin = start + marker + len(b"stream") + (2 if pdf[start + marker + 6:start + marker + 8] == b"\r\n"
                                                       else 1)
            stream = pdf[begin:begin + int(length.group(1))]
            if b"/FlateDecode" in head[:marker]:
                stream = zlib.decompress(stream)
            head = head[:marker]
            end = pdf.find(b"endobj", begin + int(length.group(1)))
        objects[number] = (head, stream)
        at = end + len(b"endobj")
    for head, stream in list(objects.values()):  # objects packed into object streams
        if b"/ObjStm" in head and (first := re.search(rb"/First (\d+)", head)):
            numbers = [int(n) for n in stream[:int(first.group(1))].split()]
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            for i, (inner, offset) in enumerate(pairs):
                until = pairs[i + 1][1] if i + 1 < len(pairs) else len(stream)
                begin = int(first.group(1))
                objects[inner] = (stream[begin + offset:begin + until], b"")
    cmaps = {n: _cmap(objects[int(m.group(1))][1]) for n, (head, _s) in objects.items()
             if b"/Type0" in head and (m := re.search(rb"/ToUnicode (\d+) 0 R", head))}
    fonts = {name: cmaps[int(ref)] for head, _s in objects.values()
             for name, ref in re.findall(rb"/([A-Za-z0-9_+-]+) (\d+) 0 R", head) if int(ref) in cmaps}
    out: list[str] = []
    for _head, stream in objects.values():
        if b" Tf" not in stream:
            continue
        cmap: dict[int, str] = {}
        for font, hexes, op in re.findall(rb"/(\S+) [\d.]+ Tf|<([0-9a-fA-F]+)>|\b(Tm|Td|TD|T\*|ET)\b", stream):
            if font:
                cmap = fonts.get(font, {})
            elif hexes:
                out += [cmap.get(int(hexes[i:i + 4], 16), "") for i in range(0, len(hexes), 4)]
            elif op:
                out.append("\n")
    return " ".join("".join(out).split())


def _cmap(data: bytes) -> dict[int, str]:
    def text(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be")

    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[int(code, 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(first + offset)
    return found
