#!/usr/bin/env python3
"""Check a Transfer audit evidence bundle with nothing but Python 3.11's standard library and the openssl command.

When it ends with the line "verified" (exit status 0), the bundle shows that:
  * each event in events.jsonl hashes to its stated leaf (RFC 9162 leaf hash of its netstring-encoded fields),
    and the events are exactly the consecutive leaves first..end-1 that proofs.json names;
  * each checkpoint in checkpoints.json is a signed note (c2sp.org/tlog-checkpoint) for this log that says what
    its JSON fields say, and its ECDSA P-256 signature verifies with a public key you hold;
  * the events, with the subtree hashes in proofs.json, rebuild the Merkle root of the checkpoint covering them,
    so no event in the range was changed, dropped, added or reordered since that checkpoint was signed;
  * each checkpoint's tree extends the one before it (RFC 9162 consistency proofs), so the log was only ever
    appended to, and every inclusion proof in proofs.json holds.
Consistent in itself is not enough: anyone can recompute every hash and re-sign with a key of their own. So it
says "verified" only when you pin what the county publishes: its key (--public-key FILE, or --key-fingerprint
with the SHA-256 fingerprint printed below) and its log's origin (--origin). Without them it checks everything,
then ends "NOT VERIFIED" with exit status 2.

Run it inside the unpacked bundle:
  python3 verify.py --public-key county-key.pem --origin transfer/pirkanmaa [--folder DIR]
  --public-key FILE        trust only the PEM public key(s) in FILE, as the county publishes them
  --key-fingerprint SHA256 instead: trust only the bundle's key with this fingerprint (may be given twice)
  --origin ORIGIN          the log's name, as the county publishes it
  --folder DIR             the bundle folder (default: the folder holding this script)
Exit status 1, with lines starting "FAILED: ", when anything does not verify; 2 when all holds but is not pinned.
"""
import argparse, base64, datetime as dt, hashlib, json, os, pathlib, re, subprocess, sys, tempfile
from types import SimpleNamespace

MAX_SIZE = 2 ** 64 - 1  # 64-bit tree sizes, which also caps the tree recursion at depth 64
MAX_PATH = 64           # no proof in a tree below 2^64 leaves needs more hashes
MAX_NODES = 256         # the tree section needs about 2 x 64 nodes at most
MAX_KEYS, MAX_SHOWN = 64, 100
HEX_HASH, LOWER_HEX_HASH, KEY_ID = re.compile("[0-9a-fA-F]{64}"), re.compile("[0-9a-f]{64}"), re.compile("[0-9a-f]{8}")
NOTE_SIZE = re.compile("0|[1-9][0-9]{0,19}")
NOTE_TIME = re.compile(r"time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z")
NOTE_SIGNATURE = re.compile("\u2014 ([^ \n]+) ([A-Za-z0-9+/=]+)")
PEM_BLOCK = re.compile("-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", re.S)
P256_SPKI = bytes.fromhex("301306072a8648ce3d020106082a8648ce3d030107")  # AlgorithmIdentifier: EC key on P-256
EMPTY_ROOT = hashlib.sha256(b"").digest()
UTC = dt.timezone.utc


class Unusable(Exception):
    """A file, record or field that cannot be read as the spec says; the message names it."""


def shown(text):
    """Bundle text made safe to print: control characters could otherwise rewrite the auditor's terminal."""
    return text if text.isprintable() else repr(text)


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def event_leaf(event):
    """SHA-256(0x00 || netstrings of the fields): every string hashed exactly as given, never re-serialised."""
    fields = (event["streamId"], str(event["version"]), str(event["sequence"]), event["type"], event["data"],
              event["occurredOn"] or "", event["recordedAt"], event["recordedBy"] or "")
    encoded = [text.encode("utf-8") for text in fields]  # a lone surrogate raises UnicodeEncodeError here
    return hashlib.sha256(b"\x00" + b"".join(b"%d:%s," % (len(e), e) for e in encoded)).digest()


def parse_json(text):
    """json.loads refusing duplicate keys and NaN/Infinity, so no two readers can see different documents."""
    def unique(pairs):
        if len({key for key, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key")
        return dict(pairs)
    def refuse(constant):
        raise ValueError(constant)
    return json.loads(text, object_pairs_hook=unique, parse_constant=refuse)


def field(obj, name, kinds, where):
    """obj[name] when present with one of the expected JSON types (never a bool); otherwise Unusable."""
    if not isinstance(obj, dict):
        raise Unusable(f"{where} is not a JSON object")
    value = obj.get(name, Unusable)
    if value is Unusable or isinstance(value, bool) or not isinstance(value, kinds):
        raise Unusable(f"{where}: the field '{name}' is " + ("missing" if value is Unusable else "of the wrong type"))
    return value


def size_field(obj, name, where):
    value = field(obj, name, int, where)
    if not 0 <= value <= MAX_SIZE:
        raise Unusable(f"{where}: the field '{name}' is out of range")
    return value


def hash_field(obj, name, where, lowercase=False):
    value = field(obj, name, str, where)
    if not (LOWER_HEX_HASH if lowercase else HEX_HASH).fullmatch(value):
        raise Unusable(f"{where}: the field '{name}' is not a 32-byte {'lowercase ' * lowercase}hex hash")
    return bytes.fromhex(value)


def path_field(obj, where):
    path = field(obj, "path", list, where)
    if len(path) > MAX_PATH:
        raise Unusable(f"{where}: its path has more than {MAX_PATH} hashes, more than any real proof; refused")
    return [hash_field({"path": value}, "path", where) for value in path]


def canonical_base64(text):
    """The bytes of standard padded base64 in its one canonical spelling; None for anything else."""
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return data if base64.b64encode(data).decode("ascii") == text else None


def json_value(text, name):
    try:
        return parse_json(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise Unusable(f"{name} is not valid JSON") from None


def read_file(path, name, as_json=False):
    """The file's UTF-8 text, or its JSON value; Unusable naming the file when it cannot be had."""
    try:
        text = pathlib.Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise Unusable(f"{name} is missing") from None
    except UnicodeDecodeError:
        raise Unusable(f"{name} is not valid UTF-8") from None
    except OSError as error:
        raise Unusable(f"{name} cannot be read ({error.strerror})") from None
    return json_value(text, name) if as_json else text


def load_keys(text, name):
    """Every PEM public key in the file, with its key id (the first 4 bytes of SHA-256 of its DER SPKI)."""
    blocks, keys = PEM_BLOCK.findall(text), []
    if not 0 < len(blocks) <= MAX_KEYS:
        raise Unusable(f"{name} holds no PEM public key" if not blocks else f"{name} holds too many keys")
    for body in blocks:
        der = canonical_base64("".join(body.split()))
        if der is None:
            raise Unusable(f"{name}: a PEM block is not valid base64")
        if der[2:23] != P256_SPKI:
            raise Unusable(f"{name}: a key is not an ECDSA P-256 public key")
        digest = hashlib.sha256(der).digest()
        keys.append(SimpleNamespace(key_id=digest[:4].hex(), fingerprint=digest.hex(), der=der))
    return keys


def parse_events(text, failures):
    """Check 1: read events.jsonl, recomputing each leaf. A line that cannot be read fails on its own (None)."""
    lines, events = text.split("\n"), []
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        where = f"event at line {number}"
        try:
            event = json_value(line, where)
            index, sequence = size_field(event, "index", where), field(event, "sequence", int, where)
            where = f"event at line {number} (index {index}, sequence {sequence})"
            field(event, "version", int, where)
            for name in ("streamId", "type", "data", "recordedAt", "occurredOn", "recordedBy"):
                field(event, name, (str, type(None)) if name in ("occurredOn", "recordedBy") else str, where)
            stated = hash_field(event, "leaf", where, lowercase=True)
            try:
                leaf = event_leaf(event)
            except ValueError:
                raise Unusable(f"{where}: it holds text that is not valid Unicode") from None
        except Unusable as problem:
            failures.append(str(problem))
            events.append(None)
            continue
        if leaf != stated:
            failures.append(f"{where}: its leaf does not match its content")
        events.append(SimpleNamespace(index=index, where=where, leaf=leaf))
    return events


def check_indexes(events, first, end, failures):
    """Check 2: indexes run first, first+1, ... with nothing missing, repeated, reordered or extra."""
    expected = first
    for event in events:
        if event and expected is not None and event.index != expected:
            failures.append(f"{event.where}: expected index {expected} here (events missing, extra or out of order)")
        expected = event.index + 1 if event else None  # after an unreadable line, resume from the next one
    if len(events) != end - first:
        failures.append(f"events.jsonl holds {len(events)} events, but proofs.json says it holds leaves "
                        f"{first}..{end - 1} ({end - first} events)")


def parse_checkpoint(item, number):
    """One checkpoint's JSON fields, decoded; Unusable when one is missing or malformed."""
    where = f"checkpoint {number} in checkpoints.json"
    size = size_field(item, "size", where)
    where = f"checkpoint of size {size}"
    root, time_text = hash_field(item, "root", where), field(item, "time", str, where)
    key_id = field(item, "keyId", str, where)
    try:
        instant = dt.datetime.fromisoformat(time_text)
        second = instant.astimezone(UTC).replace(microsecond=0) if instant.tzinfo else None
    except (ValueError, OverflowError):
        second = None
    if second is None:
        raise Unusable(f"{where}: its time is not an ISO-8601 instant with a time zone")
    if not KEY_ID.fullmatch(key_id):
        raise Unusable(f"{where}: its keyId is not 8 lowercase hex characters")
    signature = canonical_base64(field(item, "signature", str, where))
    if signature is None:
        raise Unusable(f"{where}: its signature is not valid base64")
    return SimpleNamespace(size=size, root=root, time_text=time_text, second=second, key_id=key_id,
                           signature=signature, note=field(item, "note", str, where), where=where)


def check_note(checkpoint, origin, failures):
    """Check 3: the note says exactly what the JSON fields say. Returns the signed text, or None."""
    where, fail = checkpoint.where, failures.append
    body, blank, signatures = checkpoint.note.partition("\n\n")
    lines, signature_lines = body.split("\n"), signatures[:-1].split("\n")
    if not blank or not signatures.endswith("\n") or len(lines) != 4 or len(signature_lines) != 1:
        fail(f"{where}: its note is not a signed note of four lines (origin, size, root, time) and one signature")
        return None
    name, size_text, root_text, time_line = lines
    if name != origin:
        fail(f"{where}: its note names the log {name!r}, not the origin {origin!r} given in proofs.json")
    if not NOTE_SIZE.fullmatch(size_text) or int(size_text) != checkpoint.size:
        fail(f"{where}: the size in its note does not match its size field")
    if canonical_base64(root_text) != checkpoint.root:
        fail(f"{where}: the root in its note does not match its root field")
    try:
        note_time = dt.datetime.strptime(NOTE_TIME.fullmatch(time_line)[1], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except (TypeError, ValueError):  # TypeError: the line did not match at all
        note_time = None
    if note_time != checkpoint.second:
        fail(f"{where}: the time in its note does not match its time field")
    signature_line = NOTE_SIGNATURE.fullmatch(signature_lines[0])
    blob = canonical_base64(signature_line[2]) if signature_line else None
    if not blob or signature_line[1] != origin or len(blob) < 5:
        fail(f"{where}: its note's signature line is malformed or not in the name {origin!r}")
    elif blob[:4].hex() != checkpoint.key_id or blob[4:] != checkpoint.signature:
        fail(f"{where}: the key id or signature in its note does not match its keyId and signature fields")
    if checkpoint.size == 0 and checkpoint.root != EMPTY_ROOT:
        fail(f"{where}: the root of an empty tree must be SHA-256 of nothing")
    try:
        return (body + "\n").encode("utf-8")
    except ValueError:
        fail(f"{where}: its note holds text that is not valid Unicode")


def check_signature(checkpoint, text, keys, workdir, failures):
    """Check 3, continued: openssl verifies the signature with a key of the matching key id. Files are passed
    as arguments, never through a shell, so nothing in the bundle is ever interpreted as a command."""
    candidates = [key for key in keys if key.key_id == checkpoint.key_id]
    if not candidates:
        failures.append(f"{checkpoint.where}: no public key has its key id {checkpoint.key_id}")
        return
    signature_file, text_file = os.path.join(workdir, "signature.der"), os.path.join(workdir, "signed.txt")
    pathlib.Path(signature_file).write_bytes(checkpoint.signature)
    pathlib.Path(text_file).write_bytes(text)
    for key in candidates:
        command = ["openssl", "dgst", "-sha256", "-verify", key.file, "-keyform", "DER", "-signature", signature_file]
        try:
            result = subprocess.run(command + [text_file], capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            continue
        if result.returncode == 0 and b"Verified OK" in result.stdout:
            return
    failures.append(f"{checkpoint.where}: signature does not verify")


def check_tree(tree, events, first, end, by_size, failures):
    """Check 5: rebuild the covering checkpoint's root from the events and the nodes lying outside them."""
    if (tree is None) != (first == end):
        failures.append("proofs.json has " + ("a tree but no events" if first == end else "no tree for its events"))
    if tree is None or first == end:
        return
    try:
        size = size_field(tree, "size", "the tree in proofs.json")
        listed = field(tree, "nodes", list, f"the tree of size {size}")
        if len(listed) > MAX_NODES:
            raise Unusable(f"the tree of size {size} has more than {MAX_NODES} nodes; refused")
        parsed = [(size_field(n, "start", "a tree node"), size_field(n, "end", "a tree node"),
                   hash_field(n, "hash", "a tree node")) for n in listed]
    except Unusable as problem:
        failures.append(str(problem))
        return
    where, nodes, used = f"tree of size {size}", {}, set()
    if size not in by_size or end > size:
        failures.append(f"{where}: " + (f"it does not reach the last event (leaf {end - 1})" if size in by_size
                                        else "no checkpoint has that size"))
        return
    for start, stop, value in parsed:
        if not (start < stop <= size and (stop <= first or start >= end)) or (start, stop) in nodes:
            failures.append(f"{where}: node [{start}, {stop}) is repeated, outside the tree or overlaps the events")
            return
        nodes[(start, stop)] = value

    def subtree(start, stop):
        """MTH(D[start:stop]) by the spec's recursion; Unusable for a range that nothing in the bundle supplies."""
        if (start, stop) in nodes:
            used.add((start, stop))
            return nodes[(start, stop)]
        if stop - start == 1 and first <= start < end:
            event = events[start - first] if start - first < len(events) else None
            if event is None:
                raise Unusable(f"{where}: leaf {start} is needed but its event is missing or unreadable")
            return event.leaf
        if (stop <= first or start >= end) and not any(start <= a and b <= stop for a, b in nodes):
            raise Unusable(f"{where}: leaves {start}..{stop - 1} are needed but are neither a node nor events")
        split = 1 << ((stop - start - 1).bit_length() - 1)  # the largest power of two below the range's length
        return node_hash(subtree(start, start + split), subtree(start + split, stop))

    try:
        root = subtree(0, size)
    except Unusable as problem:
        failures.append(str(problem))
        return
    for start, stop in sorted(set(nodes) - used):
        failures.append(f"{where}: node [{start}, {stop}) is not needed to rebuild the root")
    if root != by_size[size].root:
        failures.append(f"{where}: the root rebuilt from the events does not match the checkpoint's root")


def verify_consistency(first, second, path, first_root, second_root):
    """RFC 9162 section 2.1.4.2 (the empty tree, and a tree with itself, are consistent with an empty path)."""
    if first == 0 or first == second:
        return not path and first_root == (EMPTY_ROOT if first == 0 else second_root)
    if first > second or not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def check_consistency(entries, checkpoints, failures):
    """Check 6: one verifying consistency proof for each pair of consecutive checkpoints, and no others."""
    pairs, proofs = list(zip(checkpoints, checkpoints[1:])), {}
    for number, entry in enumerate(entries, 1):
        try:
            where = f"consistency proof {number} in proofs.json"
            key = (size_field(entry, "from", where), size_field(entry, "size", where))
            path = path_field(entry, f"consistency proof from {key[0]} to {key[1]}")
            proofs.setdefault(key, []).append(path)
        except Unusable as problem:
            failures.append(str(problem))
    for key, paths in proofs.items():
        if len(paths) > 1 or key not in {(a.size, b.size) for a, b in pairs}:
            failures.append(f"consistency proof from {key[0]} to {key[1]}: not for a pair of consecutive checkpoints, "
                            "or repeated")
    for a, b in pairs:
        if (a.size, b.size) not in proofs:
            failures.append(f"no consistency proof from {a.size} to {b.size}")
        elif not verify_consistency(a.size, b.size, proofs[(a.size, b.size)][0], a.root, b.root):
            failures.append(f"consistency proof from {a.size} to {b.size} does not verify")


def check_inclusion(entries, events, first, end, by_size, failures):
    """Check 7: every inclusion proof verifies, and proves the bundle's own event where it names one."""
    for number, entry in enumerate(entries, 1):
        try:
            where = f"inclusion proof {number} in proofs.json"
            index, size = size_field(entry, "index", where), size_field(entry, "size", where)
            where = f"inclusion proof of leaf {index} in the tree of size {size}"
            leaf, path = hash_field(entry, "leaf", where), path_field(entry, where)
        except Unusable as problem:
            failures.append(str(problem))
            continue
        event = events[index - first] if first <= index < end and index - first < len(events) else None
        if event and event.leaf != leaf:
            failures.append(f"{where}: its leaf is not that of the event with index {index}")
        if size not in by_size:
            failures.append(f"{where}: no checkpoint has that size")
        elif not verify_inclusion(index, size, leaf, path, by_size[size].root):
            failures.append(f"{where} does not verify")


def load_bundle(folder):
    """The three bundle files, with proofs.json's top level checked; Unusable names the first file that fails."""
    if not os.path.isdir(folder):
        raise Unusable(f"the bundle folder {folder} does not exist")
    events_text = read_file(os.path.join(folder, "events.jsonl"), "events.jsonl")
    items = read_file(os.path.join(folder, "checkpoints.json"), "checkpoints.json", as_json=True)
    proofs = read_file(os.path.join(folder, "proofs.json"), "proofs.json", as_json=True)
    if not isinstance(items, list):
        raise Unusable("checkpoints.json is not a JSON array")
    leaves = field(proofs, "leaves", dict, "proofs.json")
    first, end = size_field(leaves, "first", "proofs.json leaves"), size_field(leaves, "end", "proofs.json leaves")
    if end < first:
        raise Unusable("proofs.json: its leaves end before they begin")
    return SimpleNamespace(events_text=events_text, items=items, origin=field(proofs, "origin", str, "proofs.json"),
                           first=first, end=end, tree=field(proofs, "tree", (dict, type(None)), "proofs.json"),
                           consistency=field(proofs, "consistency", list, "proofs.json"),
                           inclusion=field(proofs, "inclusion", list, "proofs.json"))


def run(args):
    """Print what the bundle holds and run every check in order; returns the failures, or None if empty."""
    folder = args.folder or os.path.dirname(os.path.abspath(__file__))
    print(f"Verifying the evidence bundle in {folder}")
    try:
        bundle = load_bundle(folder)
    except Unusable as problem:
        return [str(problem)]
    if not (bundle.events_text or bundle.items or bundle.end > bundle.first or bundle.tree is not None
            or bundle.consistency or bundle.inclusion):
        print("The bundle holds no events and no checkpoints: there is nothing to verify.")
        return None
    failures, keys, key_name = [], [], args.public_key or "public-key.pem"
    try:
        keys = load_keys(read_file(args.public_key or os.path.join(folder, key_name), key_name), key_name)
    except Unusable as problem:
        failures.append(str(problem))
    for key in keys:
        print(f"Public key {key.key_id}: SHA-256 fingerprint of its DER SubjectPublicKeyInfo {key.fingerprint}")
    pinned = [fingerprint.lower() for fingerprint in args.key_fingerprint or []]
    if pinned and not args.public_key:
        # Only the bundle's keys the auditor pinned are trusted: a key swapped in with re-signed checkpoints signs nothing.
        keys = [key for key in keys if key.fingerprint in pinned]
        if not keys:
            failures.append("no key in public-key.pem has a fingerprint given with --key-fingerprint")
    if args.origin is not None and bundle.origin != args.origin:
        failures.append(f"the bundle's log is '{shown(bundle.origin)}', not '{shown(args.origin)}' as pinned with --origin")
    events = parse_events(bundle.events_text, failures)
    check_indexes(events, bundle.first, bundle.end, failures)
    checkpoints = []
    for number, item in enumerate(bundle.items, 1):
        try:
            checkpoints.append(parse_checkpoint(item, number))
        except Unusable as problem:
            failures.append(str(problem))
    sizes = ", ".join(str(c.size) for c in checkpoints[:20]) + (", ..." if len(checkpoints) > 20 else "")
    print(f"Log: {shown(bundle.origin)}\nEvents: {len(events)}"
          + (f", leaves {bundle.first}..{bundle.end - 1}" if bundle.end > bundle.first else ", no leaves")
          + f"\nCheckpoints: {len(checkpoints)}" + (f", sizes {sizes}" if checkpoints else ""))
    if checkpoints:
        latest = checkpoints[-1]
        print(f"Latest checkpoint: size {latest.size}, time {shown(latest.time_text)}, root {latest.root.hex()}")
    with tempfile.TemporaryDirectory(prefix="verify-") as workdir:
        for number, key in enumerate(keys):
            key.file = os.path.join(workdir, f"key{number}.der")
            pathlib.Path(key.file).write_bytes(key.der)
        for checkpoint in checkpoints:
            signed = check_note(checkpoint, bundle.origin, failures)
            try:
                if signed is not None and keys:
                    check_signature(checkpoint, signed, keys, workdir, failures)
            except OSError as error:  # openssl missing, or the temporary folder unusable
                failures.append(f"{checkpoint.where}: its signature could not be checked ({error})")
    for earlier, later in zip(checkpoints, checkpoints[1:]):
        if later.size <= earlier.size:
            failures.append(f"checkpoint sizes are not strictly increasing: {later.size} follows {earlier.size}")
    by_size = {}
    for checkpoint in checkpoints:
        by_size.setdefault(checkpoint.size, checkpoint)
    check_tree(bundle.tree, events, bundle.first, bundle.end, by_size, failures)
    check_consistency(bundle.consistency, checkpoints, failures)
    check_inclusion(bundle.inclusion, events, bundle.first, bundle.end, by_size, failures)
    if not failures:
        print(f"Checked {len(events)} event leaves, {len(checkpoints)} checkpoint signatures, "
              + ("the tree, " if bundle.tree else "") + f"{len(bundle.consistency)} consistency proofs "
              f"and {len(bundle.inclusion)} inclusion proofs.")
    return failures


def main():
    sys.stdout.reconfigure(errors="backslashreplace")  # never die printing a name the console cannot show
    parser = argparse.ArgumentParser(description="Verify a Transfer audit evidence bundle.")
    parser.add_argument("--public-key", metavar="FILE", help="PEM file with the county's published key(s): the only ones trusted")
    parser.add_argument("--key-fingerprint", metavar="SHA256", action="append",
                        help="instead of --public-key: trust only the bundle's key with this SHA-256 fingerprint (repeatable)")
    parser.add_argument("--origin", metavar="ORIGIN", help="the log's name as the county publishes it, e.g. transfer/pirkanmaa")
    parser.add_argument("--folder", metavar="DIR", help="the bundle folder (default: the folder holding verify.py)")
    args = parser.parse_args()
    failures = run(args)
    if failures is None:  # an empty bundle: nothing failed, but nothing was verified either
        return 0
    for message in failures[:MAX_SHOWN]:
        print("FAILED: " + message)
    if len(failures) > MAX_SHOWN:
        print(f"FAILED: ... and {len(failures) - MAX_SHOWN} further failures not shown")
    if failures:
        print(f"FAILED: the bundle does not verify ({len(failures)} problem{'s' * (len(failures) > 1)})")
        return 1
    # Consistent in itself is not yet the county's: a forger can recompute every hash and re-sign with a key of their own.
    unpinned = ([] if args.public_key or args.key_fingerprint else ["the signing key (--public-key FILE or --key-fingerprint SHA256)"]) \
        + ([] if args.origin is not None else ["the log's origin (--origin ORIGIN)"])
    if unpinned:
        print("NOT VERIFIED: the bundle is consistent in itself, but nothing ties it to the county until you pin "
              + " and ".join(unpinned) + ", as the county publishes them.")
        return 2
    print("verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
