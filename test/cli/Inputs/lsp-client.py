"""A scripted LSP client for `conctidy lsp`: runs a session and prints what
the server answered, one line per event, for FileCheck.

usage: lsp-client.py [--utf8] [--end=shutdown|eof|sigterm] FILE HANGFILE --
                     SERVER COMMAND...

FILE is opened and its diagnostics and code actions printed. HANGFILE is a
file whose analysis never ends (the server's workers run with
CONCTIDY_TEST_HANG_ON=hang): while it is analyzed, requests must still be
answered at once, a save must replace the run (one per file), and shutdown
must kill it.
"""
import glob
import json
import os
import subprocess
import sys
import threading
import time
import queue

args = sys.argv[1:]
utf8 = False
end = "shutdown"
while args[0].startswith("--") and args[0] != "--":
    if args[0] == "--utf8":
        utf8 = True
    elif args[0].startswith("--end="):
        end = args[0][len("--end="):]
    args = args[1:]
file, hangfile = args[0], args[1]
assert args[2] == "--"
command = args[3:]

env = dict(os.environ, CONCTIDY_TEST_HANG_ON="hang")
server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          env=env)
incoming = queue.Queue()


def reader():
    out = server.stdout
    while True:
        length = None
        while True:
            line = out.readline()
            if not line:
                incoming.put(None)
                return
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        incoming.put(json.loads(out.read(length)))


threading.Thread(target=reader, daemon=True).start()
next_id = [0]


def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def request(method, params):
    next_id[0] += 1
    send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
    return next_id[0]


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


def wait_for(predicate, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            message = incoming.get(timeout=deadline - time.time())
        except queue.Empty:
            break
        if message is None:
            print("server closed its output")
            sys.exit(1)
        if message.get("method") == "window/logMessage":
            continue
        if predicate(message):
            return message
    print("timed out")
    sys.exit(1)


def uri(path):
    return "file://" + path


def worker_pids(path):
    pids = set()
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                if b"--conctidy-worker=" + path.encode() in f.read().split(b"\0"):
                    pids.add(cmdline.split("/")[2])
        except OSError:
            pass
    return pids


def workers(path):
    return len(worker_pids(path))


def dump(value):
    return json.dumps(value, sort_keys=True)


capabilities = {"general": {"positionEncodings": ["utf-8", "utf-16"]}} if utf8 else {}
i = request("initialize", {"processId": os.getpid(), "rootUri": None,
                           "capabilities": capabilities})
reply = wait_for(lambda m: m.get("id") == i)
print("initialize: " + dump(reply["result"]["capabilities"]))
notify("initialized", {})

notify("textDocument/didOpen", {"textDocument": {
    "uri": uri(file), "languageId": "cpp", "version": 1,
    "text": open(file).read()}})
published = wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
print("published for: " + os.path.basename(published["params"]["uri"]))
for d in published["params"]["diagnostics"]:
    related = d.pop("relatedInformation", [])
    print("diagnostic: " + dump(d))
    for r in related:
        r["location"]["uri"] = os.path.basename(r["location"]["uri"])
        print("  related: " + dump(r))

i = request("textDocument/codeAction", {
    "textDocument": {"uri": uri(file)},
    "range": {"start": {"line": 0, "character": 0},
              "end": {"line": 1000, "character": 0}},
    "context": {"diagnostics": []}})
actions = wait_for(lambda m: m.get("id") == i)["result"]
for a in actions:
    edit = {os.path.basename(k): v for k, v in a["edit"]["changes"].items()}
    print("action: %s %s" % (a["title"], dump(edit)))

# A file whose analysis hangs: the server answers at once all the same.
notify("textDocument/didOpen", {"textDocument": {
    "uri": uri(hangfile), "languageId": "cpp", "version": 1,
    "text": open(hangfile).read()}})
deadline = time.time() + 60
while time.time() < deadline and workers(hangfile) == 0:
    time.sleep(0.05)
print("workers for the hanging file: %d" % workers(hangfile))
start = time.time()
i = request("textDocument/codeAction", {
    "textDocument": {"uri": uri(hangfile)},
    "range": {"start": {"line": 0, "character": 0},
              "end": {"line": 0, "character": 0}},
    "context": {"diagnostics": []}})
wait_for(lambda m: m.get("id") == i)
print("answered during the analysis: %s" % ("yes" if time.time() - start < 2 else "no"))
# Saving again replaces the stale run: still one worker for the file, a new
# one.
before = worker_pids(hangfile)
for _ in range(3):
    notify("textDocument/didSave", {"textDocument": {"uri": uri(hangfile)}})
time.sleep(1)
after = worker_pids(hangfile)
print("workers for the hanging file after saves: %d" % len(after))
print("the stale run was replaced: %s" % ("yes" if after and not (before & after) else "no"))

i = request("unknown/method", {})
print("unknown method: %s" % wait_for(lambda m: m.get("id") == i)["error"]["code"])

if end == "shutdown":
    i = request("shutdown", None)
    wait_for(lambda m: m.get("id") == i)
    print("workers after shutdown: %d" % workers(hangfile))
    notify("exit", None)
elif end == "eof":
    server.stdin.close()
elif end == "sigterm":
    import signal
    server.send_signal(signal.SIGTERM)
print("exit code: %d" % server.wait(timeout=60))
print("workers at the end: %d" % workers(hangfile))
