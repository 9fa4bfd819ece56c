#!/usr/bin/env python3
"""gen_corpus.py - seeded, deterministic generator of synthetic marketplace chat archives.

Offside scans JSON Lines archives (usually zstd-compressed) of a freelance
marketplace's chat messages for off-platform contact sharing and payment
diversion. This script writes realistic synthetic archives for tests,
benchmarks and the bundled sample (Data/samples/sample.jsonl.zst).
Python 3.11 standard library only; `.zst` output is compressed by piping
through the `zstd` CLI.

What it writes (one JSON object per line, see "Input record" in DESIGN.md):
  id, conversation_id, sender_id, sender_role ("client"|"freelancer"),
  recipient_id (rarely omitted), ts (RFC 3339 UTC string, ~20% epoch
  milliseconds as a JSON number), text, contract ("none"|"offered"|"active"|
  "ended", ~10% omitted), and now and then ignored extra fields ("lang",
  "attachments", "meta", "quote" with its own nested "text", ...) and a varied
  field order. Conversations (2-30 messages, in time order) between a client
  and a freelancer interleave, several hundred active at once. About 85% of
  messages are ordinary work chat (with many near misses: PayPal checkout
  integrations, Telegram bots, admin@example.com in code, prices, dates,
  order ids, versions, IPs...), about 15% fall into the categories of the
  Offside taxonomy (contact.*, payment.*, scam.*, refusal), written by
  clients and freelancers, plain and obfuscated, answered or refused.
  example.com/.org/.net addresses only ever appear in test data and code.

Same seed and arguments give byte-identical output (the decompressed stream
does not depend on --frames or --level either). Within a conversation, `ts`
never goes backwards at one-second resolution (string timestamps without a
fraction are truncated to the second; epoch-ms ones are not).

Speed: about 35-40 MB/s of uncompressed JSONL on one core (zstd runs in its own
process); memory stays bounded (batches of lines, a bounded persona cache).

Usage:
  gen_corpus.py -o Data/samples/sample.jsonl.zst --seed 7 --messages 4000 --level 19
  gen_corpus.py -o /tmp/big.jsonl.zst --size 2GiB --frames 8
  gen_corpus.py -o - --messages 100 | head
  gen_corpus.py -o /tmp/bad.jsonl --messages 1000 --malformed-every 50
  gen_corpus.py -o /tmp/c.jsonl.zst --messages 100000 --truth /tmp/c.truth.jsonl --stats

--truth PATH writes one JSON line per labelled message (violations, refusals,
decoys, malformed lines): {"line", "id", ..., "kind", "categories"}.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from json.encoder import encode_basestring as JSON_STR  # == json.dumps(s, ensure_ascii=False), C speed
from json.encoder import encode_basestring_ascii as JSON_STR_ASCII  # == json.dumps(s)

# =============================================================================
# Fast random helpers (random.choice/randrange are slow in the hot path; a
# float draw is plenty for a synthetic corpus and just as deterministic)
# =============================================================================


def ch(r, seq):
    return seq[int(r.random() * len(seq))]


def rn(r, a, b=None):
    """randrange(a) or randrange(a, b)."""
    if b is None:
        return int(r.random() * a)
    return a + int(r.random() * (b - a))


def ri(r, a, b):
    """randint(a, b), inclusive."""
    return a + int(r.random() * (b - a + 1))


def wch(r, seq, weights):
    """Weighted choice; weights are small integers."""
    x = r.random() * sum(weights)
    for item, w in zip(seq, weights):
        x -= w
        if x < 0:
            return item
    return seq[-1]


# =============================================================================
# Filler data
# =============================================================================

FIRST = """james mary john patricia robert jennifer michael linda david elizabeth
william barbara richard susan joseph jessica thomas sarah carlos maria jose ana
luis sofia diego valentina mateo camila lucas julia gabriel beatriz pedro
mariana rafael fernanda lukas anna jonas lena felix hannah max emma paul mia
pierre camille louis chloe hugo lea arjun priya rahul ananya vikram sneha
rohan kavya wei li jun mei hiroshi yuki kenji sakura minjun jiwoo olga ivan
dmitri elena ahmed fatima omar aisha yusuf zainab chinedu ngozi emeka amara
tomasz kasia andrei ioana mehmet elif noah olivia liam ava ethan isla""".split()

LAST = """smith johnson williams brown jones garcia miller davis rodriguez
martinez hernandez lopez gonzalez wilson anderson taylor moore jackson martin
lee thompson white harris clark lewis walker young allen king wright scott
silva santos oliveira souza pereira costa ferreira mueller schmidt schneider
fischer weber meyer wagner becker dubois moreau laurent bernard petit patel
sharma singh kumar gupta reddy iyer wang zhang chen liu yang tanaka sato
suzuki kim park choi ivanov petrov smirnov hassan ali khan okafor adeyemi
nowak kowalski popescu yilmaz demir rossi russo""".split()

COMPANY = """Brightline Studio|Northwind Labs|Acme Retail|Bluefin Analytics|Cedar & Co|
Greenleaf Organics|Pixelwave Media|Harbor Dental|Summit Fitness|Urban Nest Realty|
Maple Legal|Kitepoint Apps|Orbit Logistics|Sunrise Bakery|Lumen Health|
Ironclad Security|Nimbus Cloud|Velvet Events|Redwood Tutors|Quartz Finance|
Tidal Surf Shop|Copperleaf Coffee|Atlas Travel|Fable Books|Mosaic Interiors""".replace("\n", "").split("|")

PROJECT = """landing page|Shopify store|WordPress site|React dashboard|mobile app|
logo|brand guide|pitch deck|product descriptions|blog articles|SEO audit|
explainer video|podcast edit|data cleanup|Excel model|Python scraper|
REST API|Figma prototype|email newsletter template|translation|
Chrome extension|Flutter app|Django backend|Power BI report|UX research plan|
Amazon listing|YouTube thumbnails|3D product render|cover letter rewrite|
Airtable automation|Zapier workflow|ebook layout|voice-over|Unity prototype""".replace("\n", "").split("|")

TECH = """React|Vue|Next.js|Django|Flask|FastAPI|Laravel|Rails|Node.js|Flutter|
Swift|Kotlin|Go|Rust|PostgreSQL|MongoDB|Tailwind|WordPress|Shopify Liquid|
Figma|Webflow|Unity|TypeScript|GraphQL|Docker|AWS Lambda|Firebase|Supabase""".replace("\n", "").split("|")

FILE_BASE = """logo brief homepage mockup wireframes contract_scope styleguide
product_photos invoice report final_draft chapter3 translation_es dataset
export schema api_spec banner thumbnails podcast_ep12 storyboard menu
pitch_deck survey_results keywords backlinks financials""".split()
FILE_SUFFIX = ["", "_v2", "_v3", "_final", "_final2", "_rev", "_FINAL_really", "_edit", "_2026", "_draft"]
FILE_EXT = ["png", "pdf", "docx", "xlsx", "fig", "psd", "ai", "zip", "csv", "mp4", "svg", "json", "md", "pptx", "wav"]

WEEKDAY = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTH = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

EMOJI = ["👍", "🙏", "🎉", "✅", "🚀", "😊", "🙂", "😅", "🔥", "👌", "💯", "📎", "⏰", "🤝", "✨", "😀"]

EMAIL_DOMAINS = (["gmail.com"] * 10 + ["outlook.com"] * 3 + ["hotmail.com"] * 2 + ["yahoo.com"] * 3 +
                 ["proton.me", "protonmail.com", "icloud.com", "gmx.de", "yandex.ru", "mail.ru", "qq.com",
                  "163.com", "aol.com", "live.com", "zoho.com", "web.de", "yahoo.co.uk", "rediffmail.com"])

PLATFORM = ["the platform", "the platform", "this site", "Upwork", "upwork", "here", "the app", "this platform"]

US_AREA = ["415", "212", "312", "646", "213", "305", "202", "917", "718", "206", "512", "617", "404", "702"]

# Phone formats: (country, digits generator, list of display formats).
# Display format strings use {a},{b},{c},{d} groups computed per country.

# =============================================================================
# Checksummed identifiers (so `validate:` rules can be tested on real shapes)
# =============================================================================

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(B58[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def bech32_addr(prog: bytes, hrp: str = "bc") -> str:
    acc, bits, five = 0, 0, []
    for x in prog:
        acc = (acc << 8) | x
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    data = [0] + five
    hv = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _bech32_polymod(hv + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data + chk)


IBAN_SPEC = {  # country: BBAN as (kind, length) pieces; n digits, a upper letters
    "DE": [("n", 18)], "GB": [("a", 4), ("n", 14)], "FR": [("n", 23)], "NL": [("a", 4), ("n", 10)],
    "ES": [("n", 20)], "IT": [("a", 1), ("n", 22)], "PL": [("n", 24)], "BE": [("n", 12)],
    "LT": [("n", 16)], "RO": [("a", 4), ("n", 16)], "PT": [("n", 21)], "AT": [("n", 16)],
}


def make_iban(r: random.Random, spaced: bool) -> str:
    cc = ch(r, list(IBAN_SPEC))
    bban = "".join(
        "".join(ch(r, "0123456789") for _ in range(n)) if k == "n"
        else "".join(ch(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))
        for k, n in IBAN_SPEC[cc])
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    iban = f"{cc}{98 - int(num) % 97:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if spaced else iban


def luhn_card(r: random.Random) -> str:
    d = [4] + [rn(r, 10) for _ in range(14)]
    s = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    d.append((10 - s % 10) % 10)
    t = "".join(map(str, d))
    return " ".join(t[i:i + 4] for i in range(0, 16, 4))


# =============================================================================
# Obfuscation helpers
# =============================================================================

DIGIT_WORD = "zero one two three four five six seven eight nine".split()
FULLWIDTH = str.maketrans("0123456789@.abcdefghijklmnopqrstuvwxyz+",
                          "０１２３４５６７８９＠．ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＋")
HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
KEYCAP = {str(i): f"{i}\ufe0f\u20e3" for i in range(10)}


def zero_width(r, s):
    if len(s) < 3:
        return s
    i = rn(r, 1, len(s) - 1)
    return s[:i] + ch(r, ["\u200b", "\u200c", "\u2060", "\ufeff"]) + s[i:]


def homoglyph(r, s):
    idx = [i for i, ch in enumerate(s) if ch in HOMOGLYPH]
    if not idx:
        return s
    out = list(s)
    for i in r.sample(idx, min(len(idx), ri(r, 1, 2))):
        out[i] = HOMOGLYPH[out[i]]
    return "".join(out)


def spaced(s):
    return " ".join(s)


# =============================================================================
# Personas: per-user identity (name, email, phone, handles, wallets), derived
# from the corpus seed and the user id alone, so a user shares the same details
# in every conversation (and the cache of personas can be bounded).
# =============================================================================


class Persona:
    __slots__ = ("first", "last", "local", "domain", "email", "cc", "digits", "phone_fmts", "handle",
                 "skype", "discord", "wechat", "site", "pay_handle", "iban", "btc", "eth", "trc20", "card",
                 "company", "rng", "key")

    def __init__(self, r: random.Random, key: int):
        self.rng, self.key = r, key
        r.seed(key)
        self.first = ch(r, FIRST)
        self.last = ch(r, LAST)
        f, l = self.first, self.last
        nn = rn(r, 1, 99)
        self.local = ch(r, [f"{f}.{l}", f"{f}{l}{nn}", f"{f[0]}{l}", f"{f}_{l}", f"{f}{nn}",
                               f"{f}.{l}{nn}", f"{l}.{f}", f"{f[0]}.{l}", f"{f}{l}", f"{f}.{l[0]}"])
        if r.random() < 0.1:
            self.domain = ch(r, [f"{l}design.com", f"{f}{l}.dev", f"{l}-studio.net", f"{f}.codes",
                                    f"{l}media.co", f"{f}{l}.io"])
        else:
            self.domain = ch(r, EMAIL_DOMAINS)
        self.email = f"{self.local}@{self.domain}"
        self.handle = ch(r, [f"{f}{l}", f"{f}_{l}", f"{f}.{l}", f"{f}{nn}", f"{f[0]}{l}{nn}",
                                f"the{f}", f"{f}_{l[:3]}", f"{l}{f[0]}", f"real{f}{nn}"]).replace(".", "_")
        self.skype = ch(r, [f"live:{f}_{rn(r, 1, 9)}", f"live:.cid.{r.getrandbits(64):016x}",
                               f"{f}.{l}{nn}", f"{f}{l}", f"{f}_{l}_skype"])
        self.discord = ch(r, [f"{f}{l}#{rn(r, 1, 9999):04d}", f"{self.handle}", f"{f}.{l}",
                                 f"{f}#{rn(r, 1, 9999):04d}"])
        self.wechat = ch(r, [f"wxid_{r.getrandbits(60):015x}", f"{f}{l}{nn}", f"{f}_{rn(r, 1980, 2004)}"])
        self.site = ch(r, [f"{f}{l}.dev", f"{f}-{l}.com", f"{l}{f}.design", f"www.{f}{l}.me",
                              f"{f}{l}.carrd.co", f"{f}.{l}.site", f"{l}studio.io"])
        self.pay_handle = ch(r, [f"{f}{l}", f"{f}-{l}-{nn}", f"{f}{l}{nn}", f"{f}_{l}", f"{f}{nn}"])
        self.company = ch(r, COMPANY)
        # phone: country code + national digits + display formats
        self.cc, self.digits, self.phone_fmts = make_phone(r)

    def __getattr__(self, name):
        # bank and wallet details are costly (checksums), so made on first use
        if name not in ("iban", "btc", "eth", "trc20", "card"):
            raise AttributeError(name)
        r = self.rng
        r.seed(self.key + 1)
        self.iban = make_iban(r, r.random() < 0.7)
        kind = r.random()
        if kind < 0.5:
            self.btc = bech32_addr(r.randbytes(20))
        elif kind < 0.8:
            self.btc = b58check(b"\x00" + r.randbytes(20))
        else:
            self.btc = b58check(b"\x05" + r.randbytes(20))
        self.eth = "0x" + r.randbytes(20).hex()
        self.trc20 = b58check(b"\x41" + r.randbytes(20))
        self.card = luhn_card(r)
        return object.__getattribute__(self, name)


def make_phone(r: random.Random):
    """Returns (country code, national digits, [display strings])."""
    c = r.random()
    if c < 0.40:  # US/CA, reserved fictional 555-01xx
        a = ch(r, US_AREA)
        x = f"01{rn(r, 100):02d}"
        nat = f"{a}555{x}"
        fm = [f"+1 {a} 555 {x}", f"({a}) 555-{x}", f"{a}-555-{x}", f"{a}.555.{x}", f"+1-{a}-555-{x}",
              f"1 ({a}) 555 {x}", f"+1{a}555{x}", f"{a} 555 {x}", f"+1 ({a}) 555-{x}", f"{a}555{x}"]
        return "1", nat, fm
    if c < 0.55:  # UK, Ofcom drama ranges
        if r.random() < 0.5:
            x = f"{rn(r, 1000):04d}"
            nat = f"2079460{x[1:]}"
            fm = [f"+44 20 7946 0{x[1:]}", f"020 7946 0{x[1:]}", f"0044 20 7946 0{x[1:]}", f"+44 (0)20 7946 0{x[1:]}"]
        else:
            x = f"{rn(r, 1000):03d}"
            nat = f"7700900{x}"
            fm = [f"+44 7700 900{x}", f"07700 900{x}", f"0044 7700 900{x}", f"+447700900{x}", f"+44 7700 900 {x}"]
        return "44", nat, fm
    if c < 0.63:  # Germany
        if r.random() < 0.5:
            x = f"{rn(r, 10 ** 7):07d}"
            nat = "30" + x
            fm = [f"+49 30 {x}", f"030 {x}", f"0049 30 {x}", f"+49 (0)30 {x}", f"+49 30 {x[:3]} {x[3:]}"]
        else:
            p = ch(r, ["151", "152", "160", "170", "176"])
            x = f"{rn(r, 10 ** 8):08d}"
            nat = p + x
            fm = [f"+49 {p} {x}", f"0{p} {x}", f"+49 {p} {x[:4]} {x[4:]}", f"0049{p}{x}"]
        return "49", nat, fm
    if c < 0.73:  # India
        x = ch(r, "9876") + f"{rn(r, 10 ** 9):09d}"
        fm = [f"+91 {x[:5]} {x[5:]}", f"+91-{x[:5]}-{x[5:]}", f"0{x[:5]} {x[5:]}", f"+91{x}", f"{x[:5]} {x[5:]}",
              f"+91 {x[:3]} {x[3:6]} {x[6:]}"]
        return "91", x, fm
    # others: (country code, national number prefix, digits to add, formats)
    cc, prefix, k, fmt = ch(r, OTHER_PHONES)
    nat = prefix + (f"{rn(r, 10 ** k):0{k}d}" if k else ch(r, ["156", "157", "158", "159", "110", "313", "737"]))
    return cc, nat, fmt(nat)


OTHER_PHONES = [
    ("61", "491570", 0, lambda n: [f"+61 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}", f"+61{n}"]),
    ("55", "119", 8, lambda n: [f"+55 {n[:2]} {n[2:7]}-{n[7:]}", f"+55 ({n[:2]}) {n[2:7]}-{n[7:]}",
                                f"({n[:2]}) {n[2:7]}-{n[7:]}"]),
    ("63", "917", 7, lambda n: [f"+63 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}", f"+63{n}"]),
    ("234", "803", 7, lambda n: [f"+234 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}", f"+234{n}"]),
    ("92", "300", 7, lambda n: [f"+92 {n[:3]} {n[3:]}", f"0{n[:3]}-{n[3:]}", f"+92-{n[:3]}-{n[3:]}"]),
    ("52", "55", 8, lambda n: [f"+52 {n[:2]} {n[2:6]} {n[6:]}", f"+52 1 {n[:2]} {n[2:6]} {n[6:]}"]),
    ("34", "6", 8, lambda n: [f"+34 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                              f"0034 {n[:3]} {n[3:6]} {n[6:]}"]),
    ("33", "6", 8, lambda n: [f"+33 {n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                              f"0{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"0{n[0]}.{n[1:3]}.{n[3:5]}.{n[5:7]}.{n[7:]}"]),
    ("380", "50", 7, lambda n: [f"+380 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"+380{n}"]),
    ("254", "712", 6, lambda n: [f"+254 {n[:3]} {n[3:]}", f"0{n[:3]} {n[3:]}"]),
]


def phone_obf(r, p: Persona) -> str:
    full = p.cc + p.digits
    k = rn(r, 9)
    if k == 0:
        return " ".join(DIGIT_WORD[int(d)] for d in full)
    if k == 1:
        return "+" + " ".join(full)
    if k == 2:  # mix of words and digits
        return "+" + "".join(DIGIT_WORD[int(d)] + " " if r.random() < 0.4 else d for d in full).strip()
    if k == 3:
        return ch(r, p.phone_fmts).translate(FULLWIDTH)
    if k == 4:
        return "".join(KEYCAP.get(ch, ch) for ch in full)
    if k == 5:
        return "+" + ".".join(full)
    if k == 6:  # letters for digits
        return "+" + full.replace("0", "O").replace("1", "l")
    if k == 7:
        f = ch(r, p.phone_fmts)
        return zero_width(r, f)
    return "+" + "-".join(full[i:i + 2] for i in range(0, len(full), 2))


def email_obf(r, p: Persona) -> str:
    loc, dom = p.local, p.domain
    dname, _, tld = dom.rpartition(".")
    k = rn(r, 14)
    if k == 0:
        return f"{loc.replace('.', ' dot ')} at {dname.replace('.', ' dot ')} dot {tld}"
    if k == 1:
        return f"{loc}(at){dom}"
    if k == 2:
        return f"{loc} [at] {dname} [dot] {tld}"
    if k == 3:
        return f"{loc} @ {dname} . {tld}"
    if k == 4:
        return f"{loc} AT {dname.upper()} DOT {tld.upper()}"
    if k == 5:
        return f"{loc} (at) {dname} (dot) {tld}"
    if k == 6:
        return spaced(f"{loc}@{dom}")
    if k == 7:
        return f"{loc}@{dom}".translate(FULLWIDTH)
    if k == 8:
        return zero_width(r, f"{loc}@{dom}")
    if k == 9:
        return f"{loc}{{at}}{dname}{{dot}}{tld}"
    if k == 10:
        return f"{loc}#{dom} (replace # with @)"
    if k == 11:
        return f"{loc} at {dname}"
    if k == 12:
        return f"{loc}@{homoglyph(r, dname)}.{tld}"
    return f"{loc} at {dom}"


# =============================================================================
# Slot generators: fn(r, persona) -> str.  Templates use {slot} for these
# names only; any other {...} text in a template is literal.
# =============================================================================


def _price(r, p=None):
    k = rn(r, 12)
    a = ch(r, [35, 45, 60, 80, 120, 150, 200, 250, 300, 450, 500, 750, 900, 1200, 1250, 1500, 2400, 3200, 4800])
    if k == 0:
        return f"${a:,}.00"
    if k == 1:
        return f"{a} USD"
    if k == 2:
        return f"€{ch(r, [18, 25, 30, 35, 45, 55, 70])}/hr"
    if k == 3:
        return f"${ch(r, [15, 20, 25, 30, 40, 50, 65, 85])}/hour"
    if k == 4:
        return f"£{a}"
    if k == 5:
        return f"{a:,}.00 €".replace(",", ".")
    if k == 6:
        return f"${a:,}"
    if k == 7:
        return f"US$ {a}"
    if k == 8:
        return f"{a} EUR"
    if k == 9:
        return f"${a * 3:,}.50"
    if k == 10:
        return f"R$ {a},00"
    return f"${a}"


def _date(r, p=None):
    y = ch(r, [2026, 2026, 2026, 2027])
    m = rn(r, 1, 13)
    d = rn(r, 1, 29)
    k = rn(r, 6)
    if k == 0:
        return f"{y}-{m:02d}-{d:02d}"
    if k == 1:
        return f"{d:02d}/{m:02d}/{y}"
    if k == 2:
        return f"{m}/{d}/{y}"
    if k == 3:
        return f"{MONTH[m - 1]} {d}"
    if k == 4:
        return f"{d}.{m}.{y}"
    return f"{d} {MONTH[m - 1]} {y}"


def _time(r, p=None):
    k = rn(r, 5)
    h, mi = rn(r, 7, 22), ch(r, [0, 15, 30, 45, 10, 20, 50])
    if k == 0:
        return f"{h:02d}:{mi:02d}"
    if k == 1:
        return f"{h % 12 or 12}{'am' if h < 12 else 'pm'}"
    if k == 2:
        return f"{h:02d}:{mi:02d} UTC"
    if k == 3:
        return f"{h % 12 or 12}:{mi:02d} {'AM' if h < 12 else 'PM'}"
    return f"{h}h{mi:02d}"


def _file(r, p=None):
    return f"{ch(r, FILE_BASE)}{ch(r, FILE_SUFFIX)}.{ch(r, FILE_EXT)}"


def _ip(r, p=None):
    k = rn(r, 5)
    if k == 0:
        return f"192.168.{rn(r, 256)}.{rn(r, 1, 255)}"
    if k == 1:
        return f"10.0.{rn(r, 256)}.{rn(r, 1, 255)}:{ch(r, [80, 443, 3000, 5432, 8000, 8080, 8443])}"
    if k == 2:
        return f"203.0.113.{rn(r, 1, 255)}"
    if k == 3:
        return f"198.51.100.{rn(r, 1, 255)}"
    return f"172.16.{rn(r, 32)}.{rn(r, 1, 255)}"


def _numberish(r, p=None):
    """Digit runs that look a bit like phone numbers but are not."""
    k = rn(r, 14)
    if k == 0:
        return f"tracking number 1Z{rn(r, 10**6):06d}A{rn(r, 10**9):09d}"
    if k == 1:
        return f"ISBN 978-{rn(r, 10)}-{rn(r, 100):02d}-{rn(r, 10**6):06d}-{rn(r, 10)}"
    if k == 2:
        return f"EAN {rn(r, 10**12, 10**13)}"
    if k == 3:
        return f"ticket {ch(r, ['2026', '2027'])}-{rn(r, 1, 13):02d}-{rn(r, 1, 29):02d}-{rn(r, 10000):04d}"
    if k == 4:
        return f"the count went from {rn(r, 10**6, 10**7):,} to {rn(r, 10**7, 10**8):,}"
    if k == 5:
        return f"coordinates {r.uniform(-60, 60):.4f}, {r.uniform(-170, 170):.4f}"
    if k == 6:
        return f"unix time {rn(r, 1_760_000_000, 1_800_000_000)}"
    if k == 7:
        return f"serial {rn(r, 10000):04d}-{rn(r, 10000):04d}-{rn(r, 10000):04d}"
    if k == 8:
        return f"build {rn(r, 20260101, 20261231)}.{rn(r, 1, 9)}"
    if k == 9:
        return f"reference {rn(r, 10**10, 10**11)}"
    if k == 10:
        return f"{ch(r, [1080, 1200, 1920, 2560, 3840])}x{ch(r, [720, 800, 1080, 1440, 2160])} px"
    if k == 11:
        return f"rows {rn(r, 100, 999)}-{rn(r, 1000, 9999)} of the sheet"
    if k == 12:
        return f"page views {rn(r, 100, 999)} {rn(r, 100, 999)} {rn(r, 1000, 9999)} last quarter"
    return f"SKU {rn(r, 100, 999)}-{rn(r, 100, 999)}-{rn(r, 1000, 9999)}"


def _code(r, p=None):
    return ch(r, CODE_SNIPPETS).replace("{hex}", _hex(r)).replace("{n}", str(rn(r, 2, 99)))


def _hex(r, p=None):
    return "#" + ch(r, ["ff8800", "1a73e8", "333333", "f5f5f5", "e91e63", "00bfa5", "ffc107", "6c5ce7",
                          "2d3436", "0a0a0a", "fafafa", "ff5722", "4caf50", "3f51b5"])


def _range(r, p=None):
    a = ch(r, [100, 300, 500, 800, 1000, 1500, 2000])
    return ch(r, [f"{a}-{a * 2} words", f"{a}–{a + 500} words", f"{a // 100}-{a // 50} pages",
                     f"{a:,}-{a * 3:,} words", f"{a} to {a * 2} words"])


GEN = {
    "name": lambda r, p: ch(r, FIRST).capitalize(),
    "fullname": lambda r, p: f"{ch(r, FIRST).capitalize()} {ch(r, LAST).capitalize()}",
    "company": lambda r, p: ch(r, COMPANY),
    "project": lambda r, p: ch(r, PROJECT),
    "tech": lambda r, p: ch(r, TECH),
    "file": _file,
    "price": _price,
    "date": _date,
    "time": _time,
    "weekday": lambda r, p: ch(r, WEEKDAY),
    "invoice": lambda r, p: f"INV-{ch(r, [2026, 2026, 2027])}-{rn(r, 100000):05d}",
    "order": lambda r, p: f"#{rn(r, 1000000, 9999999)}",
    "version": lambda r, p: f"v{rn(r, 0, 5)}.{rn(r, 0, 20)}.{rn(r, 0, 12)}",
    "hex": _hex,
    "ip": _ip,
    "numberish": _numberish,
    "range": _range,
    "n": lambda r, p: str(rn(r, 2, 12)),
    "dims": lambda r, p: f"{ch(r, [640, 1080, 1200, 1920, 2560])}x{ch(r, [480, 720, 800, 1080, 1440])}",
    "hours": lambda r, p: str(ch(r, [2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 40])),
    "pct": lambda r, p: str(ch(r, [5, 10, 15, 20, 25, 30])),
    "code": _code,
    "emoji": lambda r, p: ch(r, EMOJI),
    "platform": lambda r, p: ch(r, PLATFORM),
    "bot": lambda r, p: ch(r, ["OrderStatus", "acme_support", "SunriseMenu", "kite_alerts", "TutorBooking"]),
    # persona slots
    "me": lambda r, p: p.first.capitalize(),
    "my_email": lambda r, p: p.email,
    "my_email_obf": email_obf,
    "my_email_local": lambda r, p: p.local,
    "my_email_dom": lambda r, p: "@" + p.domain,
    "my_phone": lambda r, p: ch(r, p.phone_fmts),
    "my_phone_obf": phone_obf,
    "my_phone_head": lambda r, p: "+" + p.cc + " " + p.digits[:len(p.digits) // 2],
    "my_phone_tail": lambda r, p: p.digits[len(p.digits) // 2:],
    "my_wa": lambda r, p: ch(r, ["wa.me/", "https://wa.me/", "api.whatsapp.com/send?phone=", "https://wa.me/+"]) + p.cc + p.digits,
    "my_tg": lambda r, p: "@" + p.handle,
    "my_tg_link": lambda r, p: ch(r, ["t.me/", "https://t.me/", "telegram.me/", "tg://resolve?domain="]) + p.handle,
    "my_skype": lambda r, p: p.skype,
    "my_discord": lambda r, p: p.discord,
    "my_discord_inv": lambda r, p: "discord.gg/" + p.handle[:6] + str(len(p.handle) * 7),
    "my_wechat": lambda r, p: p.wechat,
    "my_signal": lambda r, p: "signal.me/#p/+" + p.cc + p.digits,
    "my_site": lambda r, p: p.site,
    "my_calendly": lambda r, p: ch(r, [f"calendly.com/{p.first}-{p.last}/30min", f"cal.com/{p.handle}",
                                          f"https://calendly.com/{p.handle}/intro",
                                          f"zoom.us/my/{p.first}{p.last}"]),
    "my_social": lambda r, p: ch(r, [f"linkedin.com/in/{p.first}-{p.last}-{len(p.handle) * 137}",
                                        f"instagram.com/{p.handle}", f"facebook.com/{p.first}.{p.last}",
                                        f"x.com/{p.handle}", f"https://www.linkedin.com/in/{p.first}{p.last}/"]),
    "my_paypal": lambda r, p: ch(r, ["paypal.me/", "https://paypal.me/", "www.paypal.me/"]) + p.pay_handle,
    "my_venmo": lambda r, p: "@" + p.pay_handle,
    "my_cashtag": lambda r, p: "$" + p.pay_handle.replace("-", "").replace("_", ""),
    "my_iban": lambda r, p: p.iban,
    "my_btc": lambda r, p: p.btc,
    "my_eth": lambda r, p: p.eth,
    "my_trc20": lambda r, p: p.trc20,
    "my_card": lambda r, p: p.card,
    "my_company": lambda r, p: p.company,
}

SLOT_CATS = {
    "my_email": "contact.email", "my_email_obf": "contact.email", "my_email_local": "contact.email",
    "my_email_dom": "contact.email",
    "my_phone": "contact.phone", "my_phone_obf": "contact.phone", "my_phone_head": "contact.phone",
    "my_phone_tail": "contact.phone",
    "my_wa": "contact.messenger contact.phone",  # wa.me/<number> carries the number "my_tg": "contact.messenger", "my_tg_link": "contact.messenger",
    "my_skype": "contact.messenger", "my_discord": "contact.messenger", "my_discord_inv": "contact.messenger",
    "my_wechat": "contact.messenger", "my_signal": "contact.messenger contact.phone",
    "my_site": "contact.url", "my_calendly": "contact.url", "my_social": "contact.url",
    "my_paypal": "payment.method", "my_venmo": "payment.method", "my_cashtag": "payment.method",
    "my_iban": "payment.method", "my_btc": "payment.method", "my_eth": "payment.method",
    "my_trc20": "payment.method", "my_card": "payment.method",
}

CODE_SNIPPETS = [
    '```python\ndef total(items):\n    return sum(i["price"] * i["qty"] for i in items)\n```',
    "```js\nconst res = await fetch(`/api/orders/${orderId}`);\nconst data = await res.json();\n```",
    ".btn-primary {\n  background: {hex};\n  border-radius: 6px;\n  padding: 8px 16px;\n}",
    "```sql\nSELECT id, created_at, total FROM orders WHERE status = 'paid' AND total > 100;\n```",
    "```bash\ndocker compose up -d --build\ndocker logs -f web | grep -i error\n```",
    "```\nC:\\Users\\dev\\project\\build\\app.exe --config C:\\config\\prod.ini\n```",
    'const phoneRe = /^\\+?[0-9 ()-]{7,15}$/;  // validation only',
    "```yaml\nservices:\n  web:\n    image: nginx:1.25\n    ports:\n      - \"8080:80\"\n```",
    "if (cart.items.length === 0) {\n\treturn res.status(400).json({ error: \"empty cart\" });\n}",
    "git checkout -b fix/header-{n} && git push -u origin fix/header-{n}",
    "```python\nfor row in csv.DictReader(f):\n    if row[\"country\"] == \"DE\":\n        rows.append(row)\n```",
    "```go\nfunc (s *Server) Health(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(http.StatusOK)\n}\n```",
    "SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL; -- returns {n}",
    "re.compile(r\"\\d{4}-\\d{2}-\\d{2}\")  # parses 2026-11-20",
    "```swift\nlet total = items.reduce(0) { $0 + $1.price }\n```",
    "print(\"Done \\u2713\")  # prints a check mark",
]

# =============================================================================
# Templates.  A template is "text" or ("text", "extra categories").  Honest
# kinds are pre-rendered into pools; violation/answer kinds are rendered per
# message with the writer's persona.  Categories: the kind's own category
# plus one for each persona slot used (SLOT_CATS) plus the extras.
# =============================================================================

H = {}  # honest kinds (pooled)

H["c_open"] = [
    "Hi {name}, thanks for applying! Can you tell me a bit more about similar {project} work you've done?",
    "Hello! I saw your profile and I think you'd be a great fit for our {project}.",
    "Hi, we're {company} and we need help with a {project} in {tech}. Are you available this week?",
    "Hey {name}, loved your portfolio. Quick question before I send an offer: how long would a {project} take you?",
    "Hi there, I'm looking for someone to build a {project}. Budget is around {price}.",
    "Good morning {name}! Thanks for the proposal. Do you have time for this in the next two weeks?",
    "Hi {name} - your proposal stood out. Could you share 2-3 samples of {project} projects?",
    "Hello, is your rate of {price} negotiable for a longer project ({n} months)?",
    "Hi! We need {range} of copy for our {project}. Native English preferred.",
    "Hi {name}, I invited you to my job \"{project} for {company}\". Let me know if you're interested.",
    "Hello, thanks for your quick reply. The job is a {project}; details are in the attached {file}.",
    "Hi {name} {emoji} we're a small team at {company}, looking for help with our {project}.",
    "Hey! Are you still available for {project} work? We'd start around {date}.",
    "Hi, I'm the founder of {company}. We need a {tech} developer for about {hours} hours a week.",
]

H["f_open"] = [
    "Hi {name}, thanks for the invite! I've done {n} similar {project} projects, happy to share samples.",
    "Hello! I read the brief carefully. I can deliver the {project} in about {n} days for {price}.",
    "Hi, thanks for considering me. A few questions about the {project}: who is the target audience?",
    "Hey {name}! I'd love to help. My usual rate is {price}, but let's see the full scope first.",
    "Hello, I'm a {tech} developer with {n} years of experience. I can start on {date}.",
    "Hi there {emoji} Sure, I'm available. Could you share the brand assets ({file})?",
    "Thanks for reaching out! Yes, I'm available. Do you already have a design or should I propose one?",
    "Hi {name}, I looked at your current site, I think the {project} can be done in {tech} in {n} weeks.",
    "Hello! Typical turnaround for {range} is 3 days. I'll keep you updated here on the platform.",
    "Hi, happy to help with the {project}. I'd suggest splitting it into {n} milestones.",
    "Hi {name}, thank you for the invitation. My portfolio has a few {project} examples, see the profile.",
]

H["c_work"] = [
    "The deadline is {date}, is that realistic?",
    "Can you send a first draft by {weekday} {time}?",
    "I've attached {file}, please use the colours from it ({hex} and {hex}).",
    "We need about {range} per article, {n} articles per week.",
    "Could you make the header {hex} instead? It looks too dark on mobile.",
    "Please check order {order}, the customer says the total was wrong.",
    "Looks great! Just one revision: make the logo a bit bigger on the homepage.",
    "The staging server is at {ip}, login details are in the project notes on the platform.",
    "Can we move the deadline to {date}? Our launch slipped a week.",
    "Budget for the extra pages is {price}, I'll add a milestone.",
    "The client review is on {weekday} at {time}, please have {file} ready by then.",
    "Hmm, the font doesn't match the brand guide. Can you use Inter instead?",
    "Great work so far {emoji}",
    "Please use British spelling throughout.",
    "The export is missing {n} rows, can you check the filter?",
    "Is it possible to add a dark mode toggle? Happy to pay extra, say {price}.",
    "The form breaks on Safari 17, screenshot in {file}.",
    "We changed the copy for section 3, new version is in {file}.",
    "Can you also resize the images to {dims}?",
    "Invoice {invoice} looks right, I'll approve the milestone today.",
    "The payment for milestone {n} is funded, you can start.",
    "Please don't push to main, open a PR against develop.",
    "Our brand colour is {hex}, secondary is {hex}.",
    "I need the final files by {time} tomorrow, is that ok?",
    "Could you write {range} on the benefits of {tech} for small businesses?",
    "Please keep the tone friendly but professional.",
    "The numbers don't add up: {numberish}. Can you double check?",
    "Our accountant needs the invoice number for {order}, can you include it?",
    "Thanks, approved. Please continue with part {n}.",
    "We'll need the {project} in Spanish as well later, can you quote that?",
    "Quick note: the app should work offline too.",
    "The old site is at staging.{company_slug}.com/old if you need references.",
    "Small thing: the favicon is still the default one.",
    "Can you hop on a quick call here on the platform's video chat at {time}?",
    "Let me check with my team and get back to you by {weekday}.",
    "Is {version} the latest build? I still see the old banner.",
]

H["f_work"] = [
    "Pushed {version} to the staging branch, changelog is in {file}.",
    "Here's the first draft: {file}. Let me know what to change.",
    "My rate is {price}, estimated {hours} hours.",
    "Invoice {invoice} is attached to the milestone, total {price}.",
    "Done! The header now uses {hex}. Can you check on your phone?",
    "I found the bug: a timezone issue, dates like {date} were parsed as month/day.",
    "Update: about {pct}% done, I'll send a preview on {weekday}.",
    "I'll need the API keys for the sandbox environment, please add them to the project notes.",
    "Quick question: should the price field accept decimals like {price}?",
    "I submitted milestone {n} for review {emoji}",
    "The import handled {numberish} without errors.",
    "Revisions are done, the new file is {file}.",
    "I can do the extra pages for {price}. Should I add a milestone?",
    "Working on it now, ETA {time}.",
    "Here is the snippet I used:\n{code}",
    "Fixed in {version}:\n{code}",
    "The server at {ip} was out of disk space, I cleaned the logs.",
    "Sorry for the delay, I was sick yesterday. Back on track now.",
    "I recorded a short walkthrough video and attached it here ({file}).",
    "I used {tech} for the backend, it's easier to host.",
    "Could you approve the milestone when you have a moment? Thanks!",
    "The draft is {range}, a bit over the brief, I can trim it.",
    "Tested on Chrome, Firefox and Safari. All good.",
    "I think {hex} works better for the buttons than {hex}, see the comparison in {file}.",
    "I'll be offline {weekday}, but I'll reply to messages here first thing {weekday}.",
    "Your order {order} was synced to the dashboard.",
    "The performance score went from 54 to 91 after the image compression.",
    "I've added unit tests, coverage is at {pct}% more than before.",
    "Thanks for the feedback, I'll revise the intro and the CTA.",
    "Attached {file} and {file} as requested.",
    "The DNS change can take up to 24h to propagate.",
    "I can start the next phase on {date} if that works for you.",
]

H["any_work"] = [
    "Sounds good!", "Perfect, thanks.", "Ok, noted.", "Got it {emoji}", "Thanks!", "No problem.",
    "Sure, will do.", "Let me check and get back to you.", "That works for me.", "Great, talk soon.",
    "Yes, exactly.", "Makes sense.", "Ok let's do that.", "Haha yes {emoji}", "Agreed.",
    "Sorry, I missed your message.", "One sec, uploading now.", "Thanks for the update!",
    "Can you clarify what you mean by that?", "I'll get back to you tomorrow morning.",
    "Will have it done by {time}.", "Deal {emoji}", "👍", "🙏", "Sure thing.",
    "Let's aim for {weekday} then.", "No rush.", "Ok, see the updated {file}.",
    "I'm in {tz} time, so replies may be a bit delayed.",
    "Between {time} and {time} works for me.",
    "The meeting notes from {date} are in {file}.",
]

H["c_offer"] = [
    "I've sent you an offer for {price}, fixed price with {n} milestones.",
    "Sent the offer through the platform: {price}, due {date}.",
    "OK let's do it. Offer sent, {n} milestones, first one is {price}.",
    "You should see an offer from {company} now, let me know if the terms look right.",
    "Offer sent! Please accept when you're ready.",
    "Just sent the contract, {price} for the first milestone.",
    "I'm sending you an hourly contract at {price}, {hours} hours per week max.",
    "Offer is out {emoji} first milestone is the {project}.",
]

H["f_accept"] = [
    "Accepted, thank you! Starting now.",
    "Offer accepted. I'll start with the {project} structure and share progress by {weekday}.",
    "Thanks {name}, contract accepted! Kicking off today {emoji}",
    "Just accepted. Could you upload {file} so I can get going?",
    "Accepted - I'll follow the milestones exactly as agreed.",
    "Thanks for the offer, accepted. I'll send the first update on {weekday}.",
    "Contract accepted {emoji} Looking forward to working together.",
    "Accepted! The milestone is funded so I'll get started today.",
    "Got the offer, accepted. First draft by {date}.",
]

H["closing"] = [
    "Thanks for the great work! Closing the contract now, leaving a 5-star review.",
    "All done, thank you {name}! I'll leave feedback.",
    "Milestone approved and payment released. Pleasure working with you!",
    "Thanks, I've left you a review {emoji}",
    "Thank you for the kind review! Let me know if you need anything else.",
    "Payment received, thanks! Happy to help again in the future.",
    "Ending the contract for now, we'll reach out here when phase 2 starts.",
    "Great collaboration, thanks a lot! I'll invite you again next month.",
]

H["decoy"] = [  # near misses: look like violations, are not
    "I've integrated the PayPal Checkout SDK into the cart page, sandbox keys are in the .env file.",
    "The PayPal webhook returns 401 in sandbox, I'll rotate the API credentials.",
    "The Telegram bot is live, send /start to @{bot}_bot to test it.",
    "Telegram bot now replies to /order with the status; the token is in config.yaml.",
    "WhatsApp Business API integration is done; the template message 'order_update' got approved.",
    "I'll wire the WhatsApp Cloud API webhook to your CRM next.",
    "Users can now enter their phone number at signup; validation accepts +1 and +44 formats.",
    "The contact form sends to info@example.com for now, change it in settings before launch.",
    "Test login: admin@example.com / password123 (staging only).",
    "Seed data:\n```sql\nINSERT INTO users (email) VALUES ('admin@example.com'), ('test@example.org');\n```",
    "```env\nSMTP_USER=noreply@example.com\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\n```",
    "I added Venmo and Cash App as payment options in the checkout mockup, per the spec.",
    "The crypto widget shows BTC and ETH prices from the CoinGecko API.",
    "Gift card module for the Shopify store is done: customers can buy $25/$50/$100 cards.",
    "The IBAN field on the donation form now validates the mod-97 checksum.",
    "Wise choice, the serverless option will cost way less.",
    "I'll send the files through the platform's message attachments.",
    "Payment received through the milestone, thanks!",
    "Please don't release the milestone until you've tested everything.",
    "I usually reply within {hours} hours here on the platform.",
    "My Discord bot handles the /ticket command now.",
    "The Signal handler in the worker now catches SIGTERM and shuts down cleanly.",
    "Skype for Business support is out of scope, your team uses Teams.",
    "Can you translate the 'contact us' page into Spanish?",
    "The platform fee is already included in my quote.",
    "Stripe test card 4242 4242 4242 4242 with any future date works in test mode.",
    "The mock API returns {\"text\": \"Hello\", \"chat_id\": 123456789} for sendMessage.",
    "curl -X POST https://api.telegram.org/bot<TOKEN>/sendMessage -d chat_id=123456789 -d text=\"ping\"",
    "<a href=\"mailto:support@example.com\">Contact support</a> is in the footer now.",
    "The WhatsApp share button on product pages uses wa.me/?text= with the product URL, no number.",
    "For the demo I used the fake number (555) 555-5555 in the screenshot.",
    "The phone field placeholder says +1 (555) 000-0000.",
    "The bank transfer option in your store checkout is now hidden for orders under $20.",
    "Western blot images are in {file}, the lab wants them at 300 dpi.",
    "Payoneer and PayPal logos are in the footer as accepted methods for your shop.",
    "I added a 'Pay with Zelle' instructions page to your church website as requested.",
    "The email template for order confirmations is ready, tested with Litmus.",
    "Your newsletter sign-up now adds emails to Mailchimp.",
    "Can you add the company phone (from your About page) to the footer?",
    "Version {version} of the Telegram notifier is deployed to {ip}.",
    "Reminder: all calls and files stay here until the contract is set up, that's how I work.",
    "I can't do voice calls today, text here is better.",
    "The contract template for your HR site is in {file} (it's a legal page, not our contract).",
    "Fixed the regex that extracted emails from the CSV import:\n{code}",
    "Price range: {range} at {price} per batch.",
    "The chart shows {numberish}.",
    "Invoice {invoice}, order {order}, version {version}, colour {hex}, server {ip}: all updated.",
    "Meeting at {time} on {date} - I'll share my screen in the platform call.",
    "Our tax ID format is 12-3456789, please put it on the invoice.",
    "The {project} uses the Cash App Pay SDK for the checkout button.",
    "The Venmo API is deprecated for new apps, so I used PayPal's JS SDK instead.",
    "Use the 'Escrow' label on the order status page, that's what the client's shop calls it.",
]

H["pre_call"] = [
    "Let's hop on a Zoom call after the contract starts.",
    "Happy to do a video call once the offer is accepted, we can use the platform's call feature.",
    "We can schedule a Zoom kickoff after the contract is active, link will go here.",
    "Once we have a contract I can jump on Google Meet or Skype for a kickoff.",
    "After the contract starts, let's do a 15 min call to align on scope.",
]

H["post_call"] = [
    "Now that the contract is active, want to do the kickoff on Zoom at {time}? I'll post the link here.",
    "Thanks for accepting! Zoom call {weekday} {time}? Invite coming through the platform.",
    "Kickoff call went well, notes are in {file}.",
    "Let's do a quick Google Meet at {time} to review the draft, I'll drop the link here.",
]

FOREIGN = {
    "es": [
        "Hola {name}, ya terminé la primera versión del logo, te la subo aquí.",
        "¿Podemos mover la fecha de entrega al {date}?",
        "Perfecto, muchas gracias {emoji}",
        "El presupuesto sería {price}, ¿te parece bien?",
        "Te envío el archivo {file} con los cambios.",
        "Buenos días, ¿cómo vas con el proyecto?",
        "Ya está publicado en staging, revisa cuando puedas.",
        "Necesito unas {range} para el blog, en español neutro.",
        "Gracias por la paciencia, mañana a las {time} te mando el avance.",
        "¡Excelente trabajo! Apruebo el hito.",
        "¿El color {hex} está bien para los botones?",
    ],
    "pt": [
        "Oi {name}, tudo bem? Enviei os arquivos revisados.",
        "O orçamento fica em {price}, pode ser?",
        "Beleza, obrigado {emoji}",
        "Consegue entregar até {date}?",
        "Segue o arquivo {file} com as alterações.",
        "Bom dia! Já subi a nova versão no servidor de teste.",
        "Ficou ótimo, pode seguir para a próxima etapa.",
        "Vou aprovar o marco hoje à noite.",
        "Precisamos traduzir {range} até sexta.",
        "Valeu! Qualquer coisa me avisa por aqui.",
    ],
    "de": [
        "Hallo {name}, die Änderungen sind online, bitte kurz prüfen.",
        "Die Rechnung {invoice} findest du im Meilenstein.",
        "Danke, sieht super aus {emoji}",
        "Können wir den Termin auf den {date} verschieben?",
        "Anbei {file} mit den Korrekturen.",
        "Guten Morgen! Wie ist der Stand beim Projekt?",
        "Das Budget liegt bei {price}, passt das?",
        "Ich melde mich morgen um {time} mit dem Entwurf.",
        "Bitte die Farbe {hex} für die Überschriften verwenden.",
        "Alles klar, Meilenstein ist freigegeben.",
    ],
    "fr": [
        "Bonjour {name}, j'ai mis en ligne la nouvelle version.",
        "Le budget est de {price}, ça vous convient ?",
        "Merci beaucoup {emoji}",
        "Pouvez-vous livrer avant le {date} ?",
        "Voici le fichier {file} avec les corrections.",
        "Parfait, je valide le jalon.",
        "Je vous envoie un point d'avancement demain à {time}.",
    ],
    "it": [
        "Ciao {name}, ho caricato la nuova versione.",
        "Il budget è {price}, va bene?",
        "Grazie mille {emoji}",
        "Puoi consegnare entro il {date}?",
        "Ecco il file {file} con le modifiche.",
    ],
    "zh": [
        "你好，设计稿已经上传，请查看。",
        "截止日期是{date}，可以吗？",
        "谢谢！{emoji}",
        "预算是{price}，没问题吧？",
        "我已经修改了颜色，改成了{hex}。",
        "附件是{file}，请确认。",
        "好的，我明天{time}前发给你。",
    ],
    "ja": [
        "修正版をアップロードしました。ご確認ください。",
        "納期は{date}で大丈夫でしょうか？",
        "ありがとうございます！{emoji}",
        "予算は{price}でお願いします。",
        "{file}を添付しました。",
        "了解しました。明日の{time}までに送ります。",
    ],
    "ko": [
        "안녕하세요, 수정본 올렸습니다.",
        "마감일은 {date}인가요?",
        "감사합니다 {emoji}",
        "{file} 첨부했습니다. 확인 부탁드려요.",
    ],
    "ru": [
        "Привет, правки внесены, посмотрите пожалуйста.",
        "Бюджет {price}, подходит?",
        "Спасибо! {emoji}",
        "Сможете сдать до {date}?",
        "Файл {file} во вложении.",
    ],
}
for _lang, _lst in FOREIGN.items():
    H["hon_" + _lang] = _lst

LANGS = ["es"] * 3 + ["pt"] * 3 + ["de"] * 2 + ["fr"] * 2 + ["it", "zh", "ja", "ko", "ru"]

# ---- violation kinds: V[kind][lang] = templates (rendered with persona) ----
V = {}

V["contact.email"] = {
    "en": [
        "You can reach me at {my_email}",
        "My email is {my_email}, send the details there.",
        "Just email me: {my_email}",
        "email me at {my_email_obf}",
        "my email is {my_email_obf}",
        "Send the brief to {my_email_obf} and I'll review it tonight.",
        "Drop me a line at {my_email}, it's faster than this chat.",
        "Contact me directly: {my_email}",
        "Write to {my_email_obf}, I check it more often than this inbox.",
        "my gmail is {my_email_local} (same as my name here)",
        "{my_email} - send me your number there",
        "Here's my personal mail, {my_email_obf}, let's continue there.",
        "Please forward everything to {my_email}.",
        "Can you send the files to {my_email}? The upload here is slow.",
        "I'm at {my_email_obf} if you prefer email.",
        "e-mail: {my_email}",
        "mail me -> {my_email_obf}",
    ],
    "es": ["Escríbeme a {my_email} y lo vemos por correo.", "mi correo es {my_email_obf}"],
    "pt": ["Me manda um e-mail: {my_email}", "meu email é {my_email_obf}"],
    "de": ["Schreib mir direkt an {my_email}.", "Meine Mail: {my_email_obf}"],
    "fr": ["Écrivez-moi à {my_email}, c'est plus simple."],
    "zh": ["我的邮箱是{my_email}，请发到这里。"],
}

V["contact.phone"] = {
    "en": [
        "Call me at {my_phone}",
        "My number is {my_phone}, text me anytime.",
        "Here's my cell: {my_phone}",
        "Text me on {my_phone} so we can talk properly.",
        "my number: {my_phone_obf}",
        "call {my_phone_obf} after 6pm",
        "Phone: {my_phone}. Easier to explain the project by phone.",
        "I'm at {my_phone} if you want to discuss faster.",
        "Give me a ring on {my_phone} tomorrow morning.",
        "SMS me at {my_phone_obf}",
        "You can call me: {my_phone}. I'd rather talk than type.",
        "reach me on {my_phone} (mobile)",
        "ring me {my_phone}",
        "{my_phone} - that's my personal line.",
    ],
    "es": ["Llámame al {my_phone}, es más rápido.", "mi número es {my_phone_obf}"],
    "pt": ["Me liga: {my_phone}", "meu número é {my_phone}"],
    "de": ["Ruf mich an unter {my_phone}.", "Meine Nummer: {my_phone}"],
    "fr": ["Appelez-moi au {my_phone}."],
    "it": ["Chiamami al {my_phone}."],
}

V["contact.messenger"] = {
    "en": [
        "Let's continue on WhatsApp: {my_phone}",
        "WhatsApp me at {my_phone}",
        "message me on whatsapp {my_wa}",
        "Here's my WhatsApp link: {my_wa}",
        "ping me on telegram {my_tg}",
        "I'm on Telegram: {my_tg_link}",
        "add me on telegram, {my_tg}",
        "tg: {my_tg}",
        "add me on skype: {my_skype}",
        "Skype ID {my_skype}, add me and we'll talk there",
        "my discord is {my_discord}",
        "join my server {my_discord_inv} and DM me",
        "I'm on Signal, {my_signal}",
        "Signal works best for me: {my_phone}",
        "WeChat ID: {my_wechat}",
        "add my wechat {my_wechat}",
        "Viber: {my_phone}",
        "Can we move this to WhatsApp? This chat is slow.",
        "Let's continue on Telegram, it's easier.",
        "Do you use Skype? Let's talk there instead.",
        "Message me on w h a t s a p p: {my_phone_obf}",
        "wh@tsapp {my_phone}",
        "whats app me {my_phone_obf}",
        "T3legram: {my_tg}",
        "tele gram {my_tg}",
        "ѕkуpe: {my_skype}",
        "what\u200bsapp +{my_phone_tail}... full number: {my_phone}",
        "add me on skype: live:{me}_2",
        "Kik or Line also works, or WhatsApp {my_phone}",
        "Let's switch to Google Chat, my handle is {my_email}",
        "Text me on WA {my_wa}, I reply faster there",
        "I sent you a message request on Telegram ({my_tg})",
        "Ok, message me on Telegram and I'll explain the rest there: {my_tg_link}",
    ],
    "es": ["mándame un WhatsApp al {my_phone} y hablamos por ahí", "escríbeme por telegram {my_tg}"],
    "pt": ["me chama no zap {my_phone}", "me chama no whats: {my_wa}", "bora falar no telegram? {my_tg}"],
    "de": ["Schreib mir auf WhatsApp: {my_phone}", "Lass uns auf Telegram weiterreden: {my_tg}"],
    "fr": ["Contactez-moi sur WhatsApp au {my_phone}."],
    "zh": ["加我微信：{my_wechat}", "我们用微信聊吧，ID {my_wechat}"],
    "ru": ["напиши мне в телеграм {my_tg}", "давай в телеграме: {my_tg_link}"],
    "ja": ["LINEで話しましょう、IDは{my_tg}です。"],
}

V["contact.url"] = {
    "en": [
        "Book a call with me here: {my_calendly}",
        "Grab a slot on my calendar {my_calendly} and we'll talk outside",
        "Use the contact form on my site {my_site}/contact, I answer there",
        "Find me on LinkedIn and message me there: {my_social}",
        "DM me on Instagram {my_social}",
        "my website {my_site} has my direct contact",
        "Let's schedule through {my_calendly} instead of this chat",
        "Connect with me: {my_social} - easier to talk there",
        "Here's my personal Zoom room: {my_calendly}, join whenever",
        "All my contacts are on {my_site}",
    ],
    "es": ["Agenda una llamada conmigo aquí: {my_calendly}"],
    "pt": ["Marca um horário no meu link {my_calendly}"],
    "de": ["Buch dir einen Termin: {my_calendly}"],
}

V["contact.request"] = {
    "en": [
        "What's your email?",
        "Can we talk outside the platform?",
        "Do you have WhatsApp?",
        "Send me your number please.",
        "What's your Skype?",
        "Is there a better way to reach you directly?",
        "Can I get your personal contact?",
        "Give me your telegram so we can chat faster.",
        "Do you have a personal email? This platform is annoying.",
        "Can you share your phone number?",
        "Let's talk off the platform, what's the best way to contact you?",
        "Drop your WhatsApp number here.",
        "What's your telegram username?",
        "Could you give me your email so I can send the NDA?",
        "Can we continue this conversation somewhere else?",
        "Are you on Discord or Slack?",
        "Please share your contact details, I prefer to discuss outside of {platform}.",
        "what is ur whats app",
        "u have telegram?",
        "Please send me your e mail address",
        "Can we move off {platform}? Tell me how to reach you.",
        "Do you use WeChat?",
        "mail adress?",
    ],
    "es": ["¿Me pasas tu WhatsApp?", "¿Cuál es tu correo?", "¿Podemos hablar fuera de la plataforma?"],
    "pt": ["Me passa seu whatsapp?", "Qual seu e-mail?"],
    "de": ["Hast du WhatsApp?", "Wie lautet deine E-Mail-Adresse?"],
    "fr": ["Vous avez WhatsApp ?", "Quelle est votre adresse e-mail ?"],
    "zh": ["你有微信吗？", "方便留个电话吗？"],
    "ru": ["У тебя есть телеграм?"],
}

V["payment.offplatform"] = {
    "en": [
        "I can pay you directly, no need to go through the platform.",
        "Let's do the payment outside upwork.",
        "Can you invoice me directly instead of through {platform}?",
        "I'll pay half upfront directly to you and half on delivery.",
        "We can close the contract here and I'll pay the rest directly.",
        "Pay me directly and I'll give you a {pct}% discount.",
        "I prefer to pay outside of {platform}, it's simpler for our accounting.",
        "If you're ok with it I'll send the money to you directly next time.",
        "Let's keep the contract small here and settle the rest between us.",
        "Can I pay you off-platform for the extra work?",
        "For future projects let's work directly, no middleman.",
        "I'll set up a binding contract through an escrow company, outside this site.",
        "Our escrow partner will hold the funds, not {platform}.",
        "I'll pay by bank transfer directly, just send me your details.",
        "Direct payment is fine for me if you prefer.",
        "Let's skip the milestones, I'll pay you directly each week.",
        "Cancel the offer please, I'll pay you outside.",
        "We can do the job outside the site if you want, I pay immediately.",
    ],
    "es": ["Te pago por fuera de la plataforma, es más fácil.", "Podemos hacer el pago directo, sin la plataforma."],
    "pt": ["Posso te pagar por fora, direto.", "Vamos fechar por fora da plataforma?"],
    "de": ["Ich kann dich direkt bezahlen, ohne Plattform.", "Zahlung lieber direkt, außerhalb der Plattform."],
    "fr": ["Je peux vous payer directement, hors plateforme."],
    "zh": ["我们在平台外付款吧。", "我可以直接付给你。"],
}

V["payment.method"] = {
    "en": [
        "Send it to my PayPal: {my_email}",
        "My paypal is {my_paypal}",
        "I'll pay you through PayPal friends and family.",
        "Pay via {my_paypal} please",
        "Venmo me at {my_venmo}",
        "My Venmo is {my_venmo}",
        "Zelle to {my_phone} works for me.",
        "I can send it by Zelle, what's your Zelle email?",
        "Cash App me: {my_cashtag}",
        "My cashtag is {my_cashtag}",
        "I'll send via Wise, it's cheaper.",
        "Payoneer works, my Payoneer email is {my_email}",
        "Wire transfer details: IBAN {my_iban}",
        "IBAN: {my_iban}, name {me} {my_company}",
        "Bank transfer to {my_iban} please, reference {invoice}",
        "BTC address: {my_btc}",
        "I pay in crypto. Send me your USDT TRC20 address.",
        "USDT (TRC20): {my_trc20}",
        "ETH wallet {my_eth}",
        "pay me in bitcoin to {my_btc}",
        "I can pay with Amazon gift cards.",
        "Buy a Steam gift card and send me the code, I'll reimburse double.",
        "Send the money via Western Union to {me} {my_company}.",
        "MoneyGram works too.",
        "Revolut me @{me}{n}",
        "p@yp@l: {my_email}",
        "pay pal {my_paypal}",
        "v3nmo {my_venmo}",
        "Here's my card to pay you directly: {my_card}",
        "Apple Pay or Google Pay to {my_phone}",
        "I'll send a check by mail, just cash it and keep {price}.",
        "Skrill: {my_email}",
        "Use Remitly or WorldRemit to {me}, phone {my_phone}",
    ],
    "es": ["Mándalo a mi PayPal {my_email}", "Puedo pagarte por Binance Pay o USDT."],
    "pt": ["Pode mandar no Pix, chave {my_email}", "Faço o Pix agora, qual sua chave?"],
    "de": ["Überweisung direkt auf mein Konto, IBAN {my_iban}.", "Zahlung per PayPal an {my_email}."],
    "zh": ["用支付宝或微信支付可以吗？", "我用USDT付款，地址发我。"],
}

V["payment.fee_avoidance"] = {
    "en": [
        "Let's do it outside to avoid the {pct}% fee.",
        "The platform takes too much, we can skip the fees.",
        "So neither of us pays the service fee, let's settle directly.",
        "Why give {platform} {pct}%? Let's split the savings.",
        "We'd both save the commission if we work directly.",
        "Upwork takes 10% from you and 5% from me, that's silly.",
        "To avoid the fees I'll close this and pay you directly.",
        "I don't want to pay the fee on top, can we avoid it?",
        "Let's bypass the fees on the next milestone.",
        "The fees here are crazy, let's not use the milestones.",
        "avoid the fee = more money for you {emoji}",
    ],
    "es": ["Así nos ahorramos la comisión de la plataforma."],
    "pt": ["Assim a gente evita a taxa de {pct}%."],
    "de": ["So sparen wir uns die Gebühren der Plattform."],
}

V["scam.personal_info"] = {
    "en": [
        "Before we start, send a scan of your passport and your SSN for onboarding.",
        "I need your bank login to set up direct deposit.",
        "Please send a photo of your ID front and back.",
        "What's your date of birth and social security number?",
        "Share your online banking username and password so our payroll can verify you.",
        "HR needs your driver's license and a selfie holding it before the interview.",
        "Send your full bank details including PIN so we can pay you faster.",
        "To verify you, send your credit card number and the 3 digits on the back.",
        "Please provide your national ID number and mother's maiden name.",
        "We need your SSN and a copy of your passport before sending the offer.",
    ],
    "es": ["Envíame una foto de tu pasaporte y tu número de seguro social."],
    "pt": ["Manda uma foto do seu RG e CPF antes de começarmos."],
}

V["scam.equipment"] = {
    "en": [
        "Buy the laptop from our recommended vendor and we reimburse you.",
        "You'll need to purchase our licensed software from our partner store, we refund it later.",
        "We'll send you a check to buy equipment from our vendor.",
        "Order the MacBook from our supplier's site, the company covers it after your first week.",
        "Purchase the starter kit ($349) from our vendor, it's reimbursed with your first paycheck.",
        "Our IT vendor will ship your workstation once you pay for it, full refund later.",
        "Buy the headset and webcam from the link I send, we'll pay you back.",
    ],
}

V["scam.too_good"] = {
    "en": [
        "$5000 per week for data entry, no experience needed.",
        "Earn $800/day just liking posts, 1 hour a day.",
        "We pay $45/hr for copy paste, 2 hours a day, no skills required.",
        "Simple typing job, $3,000 weekly, start today.",
        "Make $1,200 a day from home reviewing products, no interview.",
        "Get paid $150 per 5-minute survey, unlimited surveys.",
        "Part-time: $9,500/month for reshipping packages from home.",
    ],
}

V["scam.credentials"] = {
    "en": [
        "Pay $50 for training and activation before your first task.",
        "There is a one-time $99 activation fee for your account.",
        "Buy the certification kit for $75 before onboarding.",
        "Deposit $30 (refundable) to unlock the premium tasks.",
        "You need to buy our training course ($120) to qualify.",
        "Send $25 registration fee to get access to the job portal.",
        "Top up your work account with $100 USDT to start receiving orders.",
    ],
}

# answers: the responder complies (categories come from the slots)
V["answer.contact"] = {
    "en": [
        "sure, it's {my_phone}",
        "ok here: {my_email}",
        "Sure! {my_email}",
        "My WhatsApp is {my_phone}",
        "added you on telegram, I'm {my_tg}",
        "sent you a request on skype ({my_skype})",
        "ok, my number is {my_phone}",
        "{my_email}",
        "{my_phone}",
        "Sure, email me at {my_email_obf}",
        "yes! whatsapp {my_wa}",
        "telegram: {my_tg_link}",
        "Okay, discord {my_discord}",
        "Here you go: {my_phone_obf}",
        "sure, call me on {my_phone}",
        "It's {my_email}, talk soon",
    ],
    "es": ["claro, es {my_phone}", "sí, mi correo es {my_email}"],
    "pt": ["claro, meu zap é {my_phone}", "pode mandar pra {my_email}"],
    "de": ["Klar, {my_phone}", "Gern, {my_email}"],
    "zh": ["好的，我的微信是{my_wechat}"],
}

V["answer.pay"] = {
    "en": [
        "ok, my PayPal is {my_email}",
        "Sure, {my_paypal}",
        "That works, IBAN {my_iban}",
        "fine, USDT TRC20 {my_trc20}",
        "Venmo {my_venmo} then",
        "ok, Cash App {my_cashtag}",
        "BTC is fine: {my_btc}",
        "Sure, send it via Wise to {my_email}",
        "ok, direct payment works for me, my paypal {my_paypal}",
        "yeah let's do that, I'll send you my bank details: {my_iban}",
    ],
    "pt": ["fechado, Pix {my_email}"],
    "es": ["vale, mi PayPal es {my_email}"],
}

V["answer.scam"] = {
    "en": [
        "Ok, how do I pay the fee?",
        "Which vendor should I use?",
        "Alright, I'll send the documents tonight.",
        "Is the fee really refundable?",
        "How many hours a week is it?",
    ],
}

V["refusal.contact"] = {
    "en": [
        "I'd rather keep all communication and payment here on the platform.",
        "I don't share my email before a contract.",
        "Sorry, I can't move off the platform, it's against the terms and I'd lose my protection.",
        "Happy to talk on Skype once the contract is active, but the contract and payment stay here.",
        "Let's keep everything here please, that way we're both protected.",
        "Sharing contact details isn't allowed before a contract, let's chat here.",
        "I prefer to keep our conversation on {platform} until there's a contract.",
        "Sorry, I only communicate through the platform messages.",
        "No thanks, I'd like to keep it here for now.",
        "I can't share my number, but I'm very responsive here {emoji}",
        "Once the contract is active we can do a Zoom call, but not before.",
        "Please don't share personal contacts here, it's against the rules.",
        "I'll stay on the platform chat, thanks.",
    ],
    "es": ["Prefiero mantener toda la comunicación y el pago aquí en la plataforma."],
    "pt": ["Prefiro manter tudo aqui na plataforma, inclusive o pagamento."],
    "de": ["Ich bleibe lieber hier auf der Plattform, auch bei der Bezahlung."],
    "fr": ["Je préfère rester sur la plateforme pour communiquer."],
    "zh": ["抱歉，我们还是在平台上沟通吧。"],
}

V["refusal.pay"] = {
    "en": [
        "I only accept payment through {platform}, thanks for understanding.",
        "I can't accept PayPal or direct transfers, only milestone payments here.",
        "No, payment has to go through the platform.",
        "Sorry, I don't work outside the platform, the fee is part of doing business safely.",
        "I'd rather keep all communication and payment here on the platform.",
        "Paying outside is against the terms of service, let's keep it here.",
        "I won't take payment off-platform, sorry.",
        "Let's use the milestones here, it protects both of us.",
        "Happy to talk on Skype, but the contract and payment stay here.",
    ],
    "es": ["Solo acepto pagos a través de la plataforma."],
    "pt": ["Só aceito pagamento pela plataforma, desculpa."],
    "de": ["Bezahlung bitte nur über die Plattform."],
    "zh": ["抱歉，付款必须通过平台。"],
}

V["refusal.scam"] = {
    "en": [
        "I'm not comfortable sending my ID or bank details, that's a red flag for me.",
        "This sounds like a scam. I'm going to report it.",
        "I don't buy equipment upfront, sorry.",
        "Paying for training isn't something I do; real clients don't ask for that.",
        "No legit job pays that for data entry. Not interested.",
        "I never pay to get work. Reporting this.",
        "I won't share my passport or SSN before a contract.",
    ],
}

# follow-ups after a refusal
V["followup.ok"] = {"en": ["Ok, no problem, we keep it here.", "Fair enough.", "Understood, sorry about that.",
                           "Sure, let's continue here then.", "Ok.", "No worries {emoji}"]}

KIND_CAT = {k: k for k in ("contact.email", "contact.phone", "contact.messenger", "contact.url", "contact.request",
                           "payment.offplatform", "payment.method", "payment.fee_avoidance", "scam.personal_info",
                           "scam.equipment", "scam.too_good", "scam.credentials")}
KIND_CAT.update({"refusal.contact": "refusal", "refusal.pay": "refusal", "refusal.scam": "refusal"})

# Extra ignored fields (pre-rendered JSON fragments, each starting with a comma)
EXTRAS = [
    ',"attachments":[{"name":"brief_v3.pdf","size":182331,"mime":"application/pdf"}]',
    ',"attachments":[{"name":"logo_final.png","size":48213,"mime":"image/png","dims":[512,512]},{"name":"notes.txt","size":912}]',
    ',"attachments":[]',
    ',"meta":{"client":"ios","app_version":"5.12.0","flags":["a","b"],"geo":{"cc":"US","tz":"America/New_York"}}',
    ',"meta":{"client":"web","ua":"Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\"","retries":0}',
    ',"edited":true',
    ',"edited":false,"deleted":null',
    ',"reactions":[{"emoji":"👍","count":2},{"emoji":"🎉","count":1}]',
    ',"read_by":["u0000001","u0000002"]',
    ',"score":0.12,"spam_score":-1.5e-3',
    ',"system":false',
    ',"thread":{"parent":null,"depth":0,"tags":["support",{"k":"v"}]}',
]
QUOTE_EXTRAS = [  # nested "text" keys: a parser must use only the top-level one
    ',"quote":{"id":"m0000042","text":"Thanks, talk tomorrow!"}',
    ',"quote":{"id":"m0000007","text":"See the attached \\"brief\\" please","sender":"u1000007"}',
    ',"preview":{"title":"Shared file","text":"logo_v2.png (48 KB)"}',
]

TZ = ["UTC", "CET", "EST", "PST", "IST", "GMT+8", "BRT", "JST"]
GEN["tz"] = lambda r, p: ch(r, TZ)
GEN["company_slug"] = lambda r, p: ch(r, COMPANY).lower().replace(" & ", "-").replace(" ", "")

# =============================================================================
# Template compilation
# =============================================================================

_SLOT_RE = re.compile(r"\{(" + "|".join(sorted(GEN, key=len, reverse=True)) + r")\}")


class Template:
    __slots__ = ("parts", "cats", "kind", "personal")

    def __init__(self, text: str, kind: str, extra: str = ""):
        self.kind = kind
        self.personal = False
        pieces = _SLOT_RE.split(text)
        self.parts = []
        cats = set(extra.split())
        if kind in KIND_CAT:
            cats.add(KIND_CAT[kind])
        for i, piece in enumerate(pieces):
            if i % 2:
                self.parts.append(GEN[piece])
                self.personal |= piece.startswith("my_") or piece == "me"
                if piece in SLOT_CATS:
                    cats.update(SLOT_CATS[piece].split())
            elif piece:
                self.parts.append(piece)
        self.cats = tuple(sorted(cats))

    def render(self, r, p) -> str:
        return "".join([x if x.__class__ is str else x(r, p) for x in self.parts])


def compile_list(lst, kind):
    return [Template(t, kind) if isinstance(t, str) else Template(t[0], kind, t[1]) for t in lst]


HT = {k: compile_list(v, k) for k, v in H.items()}
VT = {k: {lang: compile_list(v, k) for lang, v in d.items()} for k, d in V.items()}


def template_count() -> int:
    return sum(len(v) for v in H.values()) + sum(len(x) for d in V.values() for x in d.values())


# =============================================================================
# Generator engine
# =============================================================================

ROLE = ("client", "freelancer")
CONTRACT = ("none", "offered", "active", "ended")
# client types
C_HONEST, C_SLOPPY, C_DIVERTER, C_FANOUT, C_SCAMMER = range(5)
CLIENT_MIX = [(C_SLOPPY, 0.32), (C_DIVERTER, 0.15), (C_FANOUT, 0.02), (C_SCAMMER, 0.03)]
F_SHARER_FRAC = 0.22
# freelancer types
F_HONEST, F_SHARER = range(2)

CONTACT_KINDS = ["contact.email", "contact.phone", "contact.messenger", "contact.url", "contact.request",
                 "split.phone", "split.email"]
CONTACT_W = [14, 12, 24, 5, 34, 3, 2]
PAY_KINDS = ["payment.offplatform", "payment.method", "payment.fee_avoidance"]
PAY_W = [40, 35, 25]
SCAM_KINDS = ["scam.personal_info", "scam.equipment", "scam.too_good", "scam.credentials"]
F_KINDS = ["contact.email", "contact.phone", "contact.messenger", "contact.url", "payment.offplatform",
           "payment.method", "payment.fee_avoidance", "contact.request"]
F_W = [15, 12, 25, 8, 12, 14, 6, 8]

FANOUT_TEXTS = [
    "Hi, I have a big long-term project for you. Text me on WhatsApp {my_phone} for details.",
    "Hello! Let's discuss on Telegram {my_tg}, I pay weekly via PayPal.",
    "Hi, I'm hiring several freelancers. Contact me on {my_email} with your rate, payment by Zelle or PayPal.",
    "Good day! Add my skype {my_skype}, I'll explain the job there. Pay is great.",
    "Hi, serious project, budget {price}. Only reachable on WhatsApp: {my_wa}",
    "Hey, don't reply here, message me at {my_email_obf} - this platform takes too much commission.",
    "Hi! We have paid work for you. Message {my_tg_link} on telegram to get started today.",
]
FANOUT_T = compile_list(FANOUT_TEXTS, "fanout")
for _t in FANOUT_T:  # fan-out openers: a contact detail plus an off-platform invitation
    _t.cats = tuple(sorted(set(_t.cats) | {"contact.request"}))


COMPOSITE = {"c_work": "c_work", "f_work": "f_work", "c_open": "c_work", "f_open": "f_work",
             "closing": "any_work"}
HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
LOCALISABLE = frozenset(("c_work", "f_work", "any_work", "c_open", "f_open", "closing"))
CONTRACT_FRAG = tuple(f',"contract":"{x}"' for x in CONTRACT)
PLAIN_KINDS = frozenset(("c_work", "f_work", "any_work", "c_open", "f_open", "closing", "c_offer", "f_accept"))


class Conv:
    __slots__ = ("cid", "client", "free", "plan", "i", "heads", "lang", "rids")


class Engine:
    def __init__(self, seed: int, expected: int, malformed_every: int = 0, truth: bool = False):
        self.seed = seed
        r = self.r = random.Random(seed)
        self.truth = truth
        self.malformed_every = malformed_every
        self.mal_kind = 0
        self.n = 0  # messages emitted (line number - 1)
        self.conv_n = 0
        expected = max(expected, 10)
        n_convs = expected // 9 + 1
        self.n_clients = min(3_900_000, max(12, n_convs // 7))
        self.n_free = min(3_900_000, max(24, n_convs // 3))
        # client and freelancer types, deterministic, at least one of each special client type
        types = [C_HONEST] * self.n_clients
        pos = list(range(self.n_clients))
        r.shuffle(pos)
        k = 0
        for t, frac in CLIENT_MIX:
            for _ in range(max(1, round(frac * self.n_clients))):
                if k < len(pos):
                    types[pos[k]] = t
                    k += 1
        self.client_types = types
        self.fanout = [i for i, t in enumerate(types) if t == C_FANOUT]
        self.free_types = [F_SHARER if r.random() < F_SHARER_FRAC else F_HONEST for _ in range(self.n_free)]
        self.personas = {}
        self.plan_cache = {}
        self.persona_rng = random.Random()
        self.fan_text = {}
        # time: a day chosen from the seed, spread over the expected count
        day = rn(r, 0, 30)
        self.clock = (1_793_491_200 + day * 86400) * 1000 + rn(r, 0, 600_000)  # 2026-11-01 + day
        self.step = max(2, int(2 * 86_400_000 / expected))
        self.last_sec = -1
        self.last_iso = ""
        # pools of pre-rendered honest texts: (json, json_ascii, cats, kind)
        # violation/answer/refusal kinds: "kind" (English) or "kind@lang"
        self.vt = {}
        for kind, d in VT.items():
            for lang, tl in d.items():
                self.vt[kind if lang == "en" else f"{kind}@{lang}"] = (tl, kind)
        self.pools = {}
        self.pool_src = {}
        for kind, tl in HT.items():
            size = min(4000, max(100, expected // 4)) if kind in ("c_work", "f_work", "any_work", "decoy") \
                else min(600, max(40, expected // 20))
            self.pool_src[kind] = (tl, kind)
            self.pools[kind] = [self._render(tl, kind) for _ in range(size)]
        for key, (tl, kind) in self.vt.items():  # kinds without persona slots (refusals...) are pooled too
            if not any(t.personal for t in tl):
                self.pool_src[key] = (tl, kind)
                self.pools[key] = [self._render(tl, kind) for _ in range(min(300, max(60, expected // 200)))]
        n_active = max(6, min(400, expected // 40))
        self.active = [self.new_conv() for _ in range(n_active)]

    # -- text ----------------------------------------------------------------
    def _render(self, tl, kind, persona=None):
        r = self.r
        t = tl[int(r.random() * len(tl))]
        s = t.render(r, persona)
        if kind in COMPOSITE:
            # real work messages often run to several sentences or lines
            u = r.random()
            if kind in ("c_open", "f_open"):  # first messages and proposals run longer
                u *= 0.5
            if u < 0.45:
                extra = HT[COMPOSITE[kind]]
                for _ in range(1 if u < 0.3 else 2 if u < 0.4 else 3 if u < 0.43 else 5):
                    s += (" " if r.random() < 0.75 else ch(r, ["\n", "\n\n", "\r\n"])) + \
                         extra[int(r.random() * len(extra))].render(r, persona)
            if r.random() < 0.04:
                s = s + " " + ch(r, EMOJI)
        j = JSON_STR(s)
        return (j, j if s.isascii() else JSON_STR_ASCII(s), t.cats, kind)

    def persona(self, uid):
        p = self.personas.get(uid)
        if p is None:
            if len(self.personas) >= 100_000:  # bound memory on multi-GB corpora
                self.personas.clear()
            p = self.personas[uid] = Persona(self.persona_rng, (self.seed * 10_000_019 + int(uid[1:])) * 2)
        return p

    def vtext(self, key, uid):
        tl, kind = self.vt[key]
        return self._render(tl, kind, self.persona(uid))

    # -- conversations -------------------------------------------------------
    def new_conv(self):
        r = self.r
        self.conv_n += 1
        c = Conv()
        c.cid = f"c{self.conv_n:07d}"
        if self.fanout and r.random() < 0.05:
            ci = self.fanout[rn(r, len(self.fanout))]
        else:
            ci = int(self.n_clients * r.random() ** 1.7)
        fi = rn(r, self.n_free)
        ctype, ftype = self.client_types[ci], self.free_types[fi]
        c.client = f"u{1_000_000 + (ci * 2_654_435_761) % 4_000_000:07d}"
        c.free = f"u{5_000_000 + (fi * 2_246_822_519) % 4_000_000:07d}"
        c.lang = "en" if r.random() < 0.88 else LANGS[rn(r, len(LANGS))]
        c.i = 0
        hc = f'"conversation_id":"{c.cid}","sender_id":"{c.client}","sender_role":"client","recipient_id":"{c.free}"'
        hf = f'"conversation_id":"{c.cid}","sender_id":"{c.free}","sender_role":"freelancer","recipient_id":"{c.client}"'
        c.heads = (hc, hf)
        c.rids = ((c.client, c.free), (c.free, c.client))
        # Conversation shapes (who writes what kind of message when) are drawn from a
        # per-type cache most of the time: planning is the costliest per-conversation
        # step, and texts, people and timing still differ on every reuse.
        cache = self.plan_cache.get((ctype, ftype, c.lang))
        if cache is None:
            cache = self.plan_cache[(ctype, ftype, c.lang)] = []
        u = r.random()
        if len(cache) >= 48 and u < 0.75:
            c.plan = cache[int(u * 1.3333333 * len(cache))]
        else:
            c.plan = self.plan(c, ctype, ftype)
            if len(cache) < 400:
                cache.append(c.plan)
            else:
                cache[int(r.random() * 400)] = c.plan
        return c

    def plan(self, c, ctype, ftype):
        """List of (role, kind, contract_state) for the conversation."""
        r = self.r
        if ctype == C_FANOUT:
            L = ri(r, 2, 4)
        else:
            L = min(30, max(2, int(r.expovariate(1 / 9.0)) + 2))
        # contract timeline
        m = r.random()
        states = [0] * L
        o = a = e = -1
        if m < 0.30 and ctype not in (C_FANOUT, C_SCAMMER):
            states = [2] * L
            if r.random() < 0.2 and L > 3:
                e = L - ri(r, 1, 2)
                for i in range(e, L):
                    states[i] = 3
        elif m < 0.50 or ctype in (C_FANOUT, C_SCAMMER):
            pass
        else:
            o = ri(r, 1, max(1, L // 2))
            a = o + ri(r, 1, 3)
            e = a + ri(r, 3, 18)
            for i in range(L):
                states[i] = 0 if i < o else 1 if i < a else 2 if i < e else 3
        ongoing = states[0] == 2
        # roles (mostly alternating) and honest kinds; one draw per message: the
        # switch decision, then the draw rescaled within its branch for the kind
        rand = r.random
        ro = 0 if rand() < 0.7 else 1
        roles = [ro]
        kinds = ["c_open" if ro == 0 else "f_open"] if not ongoing else [("c_work", "f_work")[ro]]
        for i in range(1, L):
            u = rand()
            if u < 0.8:
                ro ^= 1
                u *= 1.25
            else:
                u = (u - 0.8) * 5.0
            roles.append(ro)
            if i == L - 1 and states[i] == 3:
                kinds.append("closing")
            elif u < 0.07:
                kinds.append("decoy")
            elif u < 0.09:
                kinds.append("post_call" if states[i] == 2 else "pre_call")
            elif u < 0.40:
                kinds.append("any_work")
            else:
                kinds.append("c_work" if ro == 0 else "f_work")
        if o >= 0 and o < L:
            roles[o], kinds[o] = 0, "c_offer"
        if a >= 0 and a < L:
            roles[a], kinds[a] = 1, "f_accept"
        if e >= 0 and e < L and not ongoing:
            kinds[e] = "closing"

        def episode(pos, init, kind):
            """Initiator message at pos, then maybe a response and a follow-up."""
            if pos >= L:
                return
            resp = init ^ 1
            if kind.startswith("split."):
                roles[pos], kinds[pos] = init, kind + ".1"
                if pos + 1 < L:
                    roles[pos + 1], kinds[pos + 1] = init, kind + ".2"
                pos += 1
            else:
                roles[pos], kinds[pos] = init, kind
            if pos + 1 >= L:
                return
            # response
            if resp == 1:
                bad = ftype == F_SHARER
            else:
                bad = ctype != C_HONEST
            u = r.random()
            fam = "scam" if kind.startswith("scam") else "pay" if kind.startswith("payment") else "contact"
            if bad:
                act = "comply" if u < 0.7 else "refuse" if u < 0.75 else "ignore"
            elif fam == "scam":
                act = "refuse" if u < 0.6 else "comply" if u < 0.75 else "ignore"
            else:
                act = "refuse" if u < 0.5 else "comply" if u < 0.58 else "ignore"
            roles[pos + 1] = resp
            if act == "comply":
                kinds[pos + 1] = "answer." + fam
            elif act == "refuse":
                kinds[pos + 1] = "refusal." + fam
                if pos + 2 < L and r.random() < 0.5:
                    roles[pos + 2] = init
                    if ctype == C_DIVERTER and init == 0 and r.random() < 0.5:
                        kinds[pos + 2] = "payment.fee_avoidance"
                    else:
                        kinds[pos + 2] = "followup.ok"
            else:
                kinds[pos + 1] = "c_work" if resp == 0 else "f_work"

        pre = [i for i in range(L) if states[i] == 0] or list(range(L))
        if ctype == C_FANOUT:
            roles[0], kinds[0] = 0, "fanout"
            if L > 1:
                roles[1] = 1
                u = r.random()
                kinds[1] = ("answer.contact" if ftype == F_SHARER or u < 0.1 else
                            "refusal.contact" if u < 0.6 else "f_work")
            for i in range(2, L):
                roles[i] = roles[i - 1] ^ 1
                kinds[i] = "any_work" if kinds[i] not in ("decoy",) else kinds[i]
        elif ctype == C_SCAMMER:
            episode(0 if r.random() < 0.5 else 1, 0, ch(r, SCAM_KINDS))
            if L > 4 and r.random() < 0.7:
                episode(ri(r, 2, L - 2), 0, ch(r, ["payment.method", "contact.messenger",
                                                           "payment.offplatform"] + SCAM_KINDS))
        else:
            p_client = {C_HONEST: 0.07, C_SLOPPY: 0.92, C_DIVERTER: 0.96}[ctype]
            if r.random() < p_client:
                # one episode per ~6 messages; the first contact attempt usually before a contract
                pos = -1
                for ep in range(1 if ctype == C_HONEST else 1 + L // 5):
                    if ctype == C_DIVERTER and (ep > 0 or r.random() < 0.75):
                        kind = wch(r, PAY_KINDS, PAY_W)
                    else:
                        kind = wch(r, CONTACT_KINDS, CONTACT_W)
                    if ep == 0:
                        pos = (pre[int(r.random() * len(pre))] if kind.startswith(("contact", "split"))
                               and r.random() < 0.85 else int(r.random() * L))
                    else:
                        pos = pos + ri(r, 2, 6)
                    episode(pos, 0, kind)
            if ftype == F_SHARER and r.random() < 0.7:
                for ep in range(1 + (L > 10)):
                    kind = wch(r, F_KINDS, F_W)
                    pos = pre[int(r.random() * len(pre))] if kind.startswith("contact") else int(r.random() * L)
                    if kinds[pos] in ("c_work", "f_work", "any_work", "decoy", "c_open", "f_open", "pre_call"):
                        episode(pos, 1, kind)
            # a tolerated post-contract messenger exchange
            if ongoing or a >= 0:
                act = [i for i in range(L) if states[i] == 2 and kinds[i] in ("c_work", "f_work", "any_work")]
                if act and r.random() < 0.05:
                    i = act[int(r.random() * len(act))]
                    kinds[i] = "contact.messenger"
        if c.lang != "en":
            hk = "hon_" + c.lang
            for i in range(L):
                k = kinds[i]
                if k in LOCALISABLE:
                    if r.random() < 0.7:
                        kinds[i] = hk
                elif k in VT and c.lang in VT[k] and r.random() < 0.75:
                    kinds[i] = f"{k}@{c.lang}"
        return [(roles[i], kinds[i], states[i]) for i in range(L)]

    # -- records -------------------------------------------------------------
    def text(self, c, role, kind, u):
        """Text for kinds not served from a pool, or a pool refresh (u in [0.95, 1))."""
        r = self.r
        pool = self.pools.get(kind)
        if pool is not None:  # replace a pooled entry with a fresh rendering, keep the corpus varied
            i = int((u - 0.95) * 20.0 * len(pool))
            tl, base = self.pool_src[kind]
            pool[i] = self._render(tl, base)
            return pool[i]
        uid = c.client if role == 0 else c.free
        if kind == "fanout":
            t = self.fan_text.get(uid)
            if t is None:
                t = self.fan_text[uid] = self._render(FANOUT_T, "fanout", self.persona(uid))
            return t
        if kind.startswith("split."):
            p = self.persona(uid)
            if kind == "split.phone.1":
                s = ch(r, ["my number starts with {h}", "{h}...", "first part: {h}", "call me, {h}"]).format(
                    h=GEN["my_phone_head"](r, p))
            elif kind == "split.phone.2":
                s = ch(r, ["and then {t}", "...{t}", "rest is {t}", "last digits {t}"]).format(
                    t=GEN["my_phone_tail"](r, p))
            elif kind == "split.email.1":
                s = ch(r, ["my email is {l}", "email: {l}", "write to {l}"]).format(l=p.local)
            else:
                s = ch(r, ["{d}", "and the domain is {d}", "...{d}"]).format(d="@" + p.domain)
            cat = ("contact.phone",) if "phone" in kind else ("contact.email",)
            return (JSON_STR(s), JSON_STR_ASCII(s), cat, kind)
        return self.vtext(kind, uid)

    def make(self, count):
        """Returns (lines, truth) for the next `count` records; truth is None unless enabled."""
        r = self.r
        rand = r.random
        active = self.active
        nact = len(active)
        pools = self.pools
        text_of = self.text
        new_conv = self.new_conv
        gmtime, strftime = time.gmtime, time.strftime
        clock, step = self.clock, self.step
        last_day, day_prefix = self.last_sec, self.last_iso
        hms = HMS
        lines = []
        append = lines.append
        truth = [] if self.truth else None
        mal = self.malformed_every
        n = self.n
        for _ in range(count):
            n += 1
            v = rand() * nact
            slot = int(v)
            v -= slot  # the fraction is another uniform draw: layout variant below
            c = active[slot]
            plan = c.plan
            role, kind, st = plan[c.i]
            c.i += 1
            if c.i == len(plan):
                active[slot] = new_conv()
            pool = pools.get(kind)
            if pool is not None:
                u = rand()
                if u < 0.95:
                    tx = pool[int(u * 1.0526315789473684 * len(pool))]
                else:
                    tx = text_of(c, role, kind, u)
            else:
                tx = text_of(c, role, kind, 0.0)
            # timestamp: strictly increasing clock, mostly RFC 3339, ~20% epoch ms
            clock += 1 + int(rand() * step)
            u = rand()
            if u < 0.2:
                ts = str(clock)
            else:
                day, sec = divmod(clock // 1000, 86400)
                if day != last_day:
                    last_day = day
                    day_prefix = strftime("%Y-%m-%dT", gmtime(day * 86400))
                last_iso = day_prefix + hms[sec]
                if u < 0.93:
                    ts = f'"{last_iso}Z"'
                elif u < 0.98:
                    ts = f'"{last_iso}.{clock % 1000:03d}Z"'
                else:
                    ts = f'"{last_iso}+00:00"'
            u = rand()
            text = tx[1] if u < 0.02 else tx[0]  # ~2%: \uXXXX-escaped non-ASCII
            contract = "" if u > 0.9 else CONTRACT_FRAG[st]
            if v < 0.9:
                line = f'{{"id":"m{n:08d}",{c.heads[role]},"ts":{ts},"text":{text}{contract}}}\n'
            else:
                line = self.variant(v, n, c, role, ts, text, contract)
            if mal and n % mal == 0:
                line, mk = self.malformed(line, n)
                if truth is not None:
                    truth.append(json.dumps({"line": n, "id": f"m{n:08d}", "malformed": mk}) + "\n")
            elif truth is not None and (tx[2] or tx[3] not in PLAIN_KINDS and not tx[3].startswith("hon_")):
                sid, rid = c.rids[role]
                truth.append(json.dumps({
                    "line": n, "id": f"m{n:08d}", "conversation_id": c.cid, "sender_id": sid,
                    "sender_role": ROLE[role], "recipient_id": rid, "contract": CONTRACT[st],
                    "contract_field": bool(contract), "kind": tx[3], "categories": list(tx[2])},
                    ensure_ascii=False) + "\n")
            append(line)
        self.n = n
        self.clock, self.last_sec, self.last_iso = clock, last_day, day_prefix
        return lines, truth

    def variant(self, v, n, c, role, ts, text, contract):
        r = self.r
        sid, rid = c.rids[role]
        f = {
            "id": f'"id":"m{n:08d}"',
            "conv": f'"conversation_id":"{c.cid}"',
            "sid": f'"sender_id":"{sid}"',
            "role": f'"sender_role":"{ROLE[role]}"',
            "rid": f'"recipient_id":"{rid}"',
            "ts": f'"ts":{ts}',
            "text": f'"text":{text}',
        }
        order = ["id", "conv", "sid", "role", "rid", "ts", "text"]
        w = r.random()
        if w < 0.25:
            order = ["ts", "id", "conv", "sid", "role", "rid", "text"]
        elif w < 0.45:
            order = ["id", "text", "conv", "sid", "role", "rid", "ts"]
        elif w < 0.60:
            order = ["id", "conv", "ts", "role", "sid", "text", "rid"]
        elif w < 0.70:
            order = ["text", "ts", "rid", "role", "sid", "conv", "id"]
        if r.random() < 0.05:
            order.remove("rid")
        parts = [f[k] for k in order]
        if contract:
            parts.insert(rn(r, len(parts) + 1), contract[1:])
        if v < 0.98:
            ex = EXTRAS[rn(r, len(EXTRAS))]
            parts.insert(rn(r, len(parts) + 1), ex[1:])
        elif v < 0.99:
            ex = QUOTE_EXTRAS[rn(r, len(QUOTE_EXTRAS))]
            parts.insert(rn(r, len(parts) + 1), ex[1:])
        if r.random() < (0.6 if c.lang != "en" else 0.15):
            parts.insert(r.randrange(len(parts) + 1) if r.random() < 0.3 else len(parts), f'"lang":"{c.lang}"')
        if v > 0.996:  # a producer that pretty-prints separators
            return "{" + ", ".join(p.replace('":', '": ', 1) for p in parts) + "}\n"
        return "{" + ",".join(parts) + "}\n"

    MAL_KINDS = ("truncated", "not_object", "missing_text", "invalid_escape", "garbage")

    def malformed(self, line, n):
        r = self.r
        k = self.mal_kind % 5
        self.mal_kind += 1
        kind = self.MAL_KINDS[k]
        if k == 0:
            body = line.rstrip("\n")
            return body[:max(1, len(body) * rn(r, 2, 9) // 10)] + "\n", kind
        if k == 1:
            return ch(r, [f'["m{n:08d}","c0000001","hello"]', '"just a string"', "null", "12345",
                             "true", "[]"]) + "\n", kind
        if k == 2:
            obj = json.loads(line)
            del obj["text"]
            return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n", kind
        if k == 3:
            return (f'{{"id":"m{n:08d}","conversation_id":"c0000001","sender_id":"u1000000",'
                    f'"sender_role":"client","ts":"2026-11-20T09:14:03Z","text":"see \\q here"}}\n'), kind
        # garbage, sometimes with invalid UTF-8 bytes (written via surrogateescape)
        return ch(r, ["<<<garbage>>> ### not json at all", "\udcff\udcfe\udc80 binary junk \udcc3",
                         "}{][:,\"", "Traceback (most recent call last):", "\x00\x01 control"]) + "\n", kind


# =============================================================================
# Output
# =============================================================================

SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.I)


def parse_size(s: str) -> int:
    m = SIZE_RE.match(s)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {s!r} (use e.g. 65536, 512KiB, 64MiB, 2GiB, 1.5GB)")
    num, unit, ib = float(m.group(1)), m.group(2).lower(), m.group(3).lower()
    base = 1000 if (unit and ib == "b") else 1024  # "MB" = 10^6, "M"/"MiB" = 2^20
    mult = {"": 1, "k": base, "m": base ** 2, "g": base ** 3, "t": base ** 4}[unit]
    v = int(num * mult)
    if v <= 0:
        raise argparse.ArgumentTypeError("size must be positive")
    return v


class Sink:
    """One output part: a zstd process, a plain file or stdout."""

    def __init__(self, fh, zstd_cmd):
        self.proc = None
        if zstd_cmd:
            fh.flush()
            self.proc = subprocess.Popen(zstd_cmd, stdin=subprocess.PIPE, stdout=fh)
            self.w = self.proc.stdin.write
        else:
            self.w = fh.write

    def write(self, b: bytes):
        self.w(b)

    def close(self):
        if self.proc:
            self.proc.stdin.close()
            rc = self.proc.wait()
            if rc != 0:
                raise SystemExit(f"gen_corpus: zstd exited with status {rc}")


def encode(lines) -> bytes:
    return "".join(lines).encode("utf-8", "surrogateescape")


def generate(args) -> tuple[int, int]:
    avg_line = 250
    expected = args.messages if args.messages is not None else max(10, args.size // avg_line)
    eng = Engine(args.seed, expected, args.malformed_every, truth=bool(args.truth))
    # The generator makes no reference cycles; the cyclic GC would only rescan the pools
    # and personas over and over.
    gc.collect()
    gc.freeze()
    gc.disable()
    out = args.output
    zst = out != "-" and out.endswith(".zst")
    zstd_cmd = None
    if zst:
        exe = shutil.which("zstd")
        if not exe:
            raise SystemExit("gen_corpus: the zstd CLI is needed for .zst output (apt-get install zstd)")
        zstd_cmd = [exe, "-q", f"-{args.level}", "-c"]
        if args.level > 19:
            zstd_cmd.insert(2, "--ultra")
        if args.threads is not None:
            zstd_cmd.insert(2, f"-T{args.threads}")
    frames = args.frames if zst else 1
    tmp = None
    if out == "-":
        fh = sys.stdout.buffer
    else:
        regular = not os.path.exists(out) or os.path.isfile(out)
        tmp = out + ".part" if regular else None
        fh = open(tmp or out, "wb", buffering=1 << 20)
    tfh = open(args.truth, "w", encoding="utf-8") if args.truth else None
    written = 0
    produced = 0
    carry = None  # (lines, truth) left over after a frame boundary (size mode)
    batch = 2048
    try:
        for part in range(frames):
            sink = Sink(fh, zstd_cmd)
            if args.messages is not None:
                end = args.messages * (part + 1) // frames
                while produced < end:
                    lines, truth = eng.make(min(batch, end - produced))
                    data = encode(lines)
                    sink.write(data)
                    written += len(data)
                    produced += len(lines)
                    if tfh:
                        tfh.writelines(truth)
            else:
                end = args.size * (part + 1) // frames
                while written < end:
                    if carry:
                        lines, truth = carry
                        carry = None
                    else:
                        lines, truth = eng.make(batch)
                    data = encode(lines)
                    if written + len(data) < end:
                        sink.write(data)
                        written += len(data)
                        produced += len(lines)
                        if tfh:
                            tfh.writelines(truth)
                        continue
                    # this batch crosses the boundary: go line by line
                    for i, line in enumerate(lines):
                        b = line.encode("utf-8", "surrogateescape")
                        sink.write(b)
                        written += len(b)
                        produced += 1
                        if written >= end:
                            rest = lines[i + 1:]
                            if tfh:
                                last = produced  # truth lines up to and including this line number
                                keep = [t for t in truth if json.loads(t)["line"] <= last]
                                tfh.writelines(keep)
                                carry = (rest, truth[len(keep):]) if rest else None
                            else:
                                carry = (rest, None) if rest else None
                            break
            sink.close()
        if fh is not sys.stdout.buffer:
            fh.close()
            if tmp:
                os.replace(tmp, out)
        else:
            fh.flush()
    except BrokenPipeError:
        try:
            sys.stdout = None
        finally:
            os._exit(0)
    except BaseException:
        if tmp and os.path.exists(tmp):
            fh.close()
            os.unlink(tmp)
        raise
    finally:
        if tfh:
            tfh.close()
    return produced, written


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="gen_corpus.py",
        description="Write a seeded, deterministic synthetic archive of freelance-marketplace chat "
                    "messages (JSON Lines, optionally zstd-compressed) for Offside tests and benchmarks.",
        epilog="Examples:\n"
               "  gen_corpus.py -o Data/samples/sample.jsonl.zst --seed 7 --messages 4000 --level 19\n"
               "  gen_corpus.py -o /tmp/big.jsonl.zst --size 2GiB --frames 8\n"
               "  gen_corpus.py -o - --messages 20 | jq .text\n"
               "  gen_corpus.py -o /tmp/bad.jsonl --messages 500 --malformed-every 25\n"
               "Same seed and arguments give byte-identical output; the decompressed stream does not "
               "depend on --frames or --level.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="output path: *.zst = zstd-compressed (via the zstd CLI), '-' = plain JSONL on "
                         "stdout, anything else = plain JSONL")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--messages", type=int, metavar="N", help="number of lines to write (default: 10000)")
    g.add_argument("--size", type=parse_size, metavar="SIZE",
                   help="approximate uncompressed size: bytes or with suffix KiB/MiB/GiB (also KB/MB/GB); "
                        "stops at the first whole line at or beyond it")
    ap.add_argument("--frames", type=int, default=1, metavar="K",
                    help="for .zst output: K independently compressed zstd frames, concatenated, "
                         "splitting the lines roughly evenly (default: 1)")
    ap.add_argument("--level", type=int, default=3, metavar="L",
                    help="zstd compression level 1..22 (default: 3; >19 adds --ultra)")
    ap.add_argument("--threads", type=int, default=None, metavar="T",
                    help="pass -T<T> to zstd (0 = all cores); default: zstd's own default")
    ap.add_argument("--malformed-every", type=int, default=0, metavar="N",
                    help="replace every Nth line by a malformed one, cycling through: truncated JSON, "
                         "not an object, missing text, invalid escape \\q, bare garbage (default: off)")
    ap.add_argument("--truth", metavar="PATH",
                    help="also write plain JSONL labels for every violating/refusal/decoy/malformed line: "
                         "line, id, conversation_id, sender_id, sender_role, recipient_id, contract, kind, "
                         "categories")
    ap.add_argument("--stats", action="store_true",
                    help="print lines, bytes, time and MB/s to stderr")
    args = ap.parse_args(argv)
    if args.messages is None and args.size is None:
        args.messages = 10000
    if args.messages is not None and args.messages < 0:
        ap.error("--messages must be >= 0")
    if args.frames < 1:
        ap.error("--frames must be >= 1")
    if not 1 <= args.level <= 22:
        ap.error("--level must be in 1..22")
    if args.malformed_every < 0:
        ap.error("--malformed-every must be >= 0")
    t0 = time.perf_counter()
    lines, nbytes = generate(args)
    dt = time.perf_counter() - t0
    if args.stats:
        print(f"gen_corpus: {lines} lines, {nbytes} bytes uncompressed, {dt:.2f}s, "
              f"{nbytes / dt / 1e6:.1f} MB/s ({template_count()} templates)", file=sys.stderr)


if __name__ == "__main__":
    main()
