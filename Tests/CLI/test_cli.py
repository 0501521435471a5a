"""The kb command as a user meets it: exit statuses, and what the file system can do to a build.

    KB=.build/debug/kb python3 -m unittest discover -s Tests/CLI

Permissions mean nothing to root, so when run as root each build runs as the user `nobody`
(through util-linux's setpriv) on a workspace that user owns.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KB = os.path.abspath(os.environ.get("KB", os.path.join(ROOT, ".build", "debug", "kb")))
TEMPLATES = os.path.join(ROOT, "Templates")
NOBODY = 65534


def note(title, body="text"):
    return f"---\ntitle: {title}\n---\n{body}\n"


def snapshot(folder):
    """Every path below `folder` with its bytes (or a marker for folders and links)."""
    found = {}
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[relative] = "link -> " + os.readlink(path)
            elif os.path.isdir(path):
                found[relative] = "folder"
            else:
                with open(path, "rb") as handle:
                    found[relative] = handle.read()
    return found


def as_nobody():
    """Whether builds run as `nobody`: when run as root, and that user can start kb (its Swift
    runtime may sit where `nobody` cannot read)."""
    global _as_nobody
    if _as_nobody is None:
        _as_nobody = False
        if os.geteuid() == 0:
            folder = tempfile.mkdtemp(prefix="kb-cli-")
            os.chmod(folder, 0o755)
            shutil.copy2(KB, os.path.join(folder, "kb"))
            probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                                    os.path.join(folder, "kb"), "--version"], capture_output=True)
            _as_nobody = probe.returncode == 0
            shutil.rmtree(folder)
    return _as_nobody


_as_nobody = None


class Workspace:
    """A temporary folder with Content/, an empty Public/, and a file beside them."""

    def __init__(self, notes):
        self.folder = tempfile.mkdtemp(prefix="kb-cli-")
        os.chmod(self.folder, 0o755)
        self.content = os.path.join(self.folder, "Content")
        self.public = os.path.join(self.folder, "Public")
        os.makedirs(self.content)
        os.makedirs(self.public)
        for name, text in notes.items():
            with open(os.path.join(self.content, name), "w", encoding="utf-8") as handle:
                handle.write(text)
        with open(os.path.join(self.folder, "beside.txt"), "w") as handle:
            handle.write("keep")
        # The binary and the templates are copied in: `nobody` may not be able to reach the
        # repository (a checkout under /root, say).
        shutil.copy2(KB, os.path.join(self.folder, "kb"))
        shutil.copytree(TEMPLATES, os.path.join(self.folder, "Templates"))

    def kb(self, *arguments, output="Public"):
        return self.run(self.command(*arguments, output=output))

    def command(self, *arguments, output="Public"):
        command = [os.path.join(self.folder, "kb"), *arguments, "--content", "Content", "--templates", "Templates", "--output", output]
        if as_nobody():
            for directory, folders, files in os.walk(self.folder):
                for name in [directory] + [os.path.join(directory, n) for n in folders + files]:
                    # Only where needed: a chown changes a file's status-change time, which the
                    # stamp reads as an edit.
                    if os.lstat(name).st_uid != NOBODY:
                        os.lchown(name, NOBODY, NOBODY)
            command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + command
        return command

    def run(self, command):
        return subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=300)

    def close(self):
        for directory, folders, _ in os.walk(self.folder):
            for name in folders:
                os.chmod(os.path.join(directory, name), 0o755)
        shutil.rmtree(self.folder)


class CommandLineTests(unittest.TestCase):
    def workspace(self, notes):
        workspace = Workspace(notes)
        self.addCleanup(workspace.close)
        return workspace

    def test_a_good_build_exits_zero_and_writes_only_into_the_output(self):
        workspace = self.workspace({"a.md": note("A", "[[B]]"), "b.md": note("B")})
        before = {path: data for path, data in snapshot(workspace.folder).items() if not path.startswith("Public")}
        result = workspace.kb("build")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        after = {path: data for path, data in snapshot(workspace.folder).items() if not path.startswith("Public")}
        self.assertEqual(before, after)
        self.assertTrue(os.path.isfile(os.path.join(workspace.public, "a.html")))
        # Again with nothing changed: kb stops after reading, and says so, warnings and all.
        site = snapshot(workspace.public)
        again = workspace.kb("build")
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("Nothing changed since the last build: 2 notes", again.stdout)
        self.assertEqual(again.stderr, result.stderr)
        self.assertEqual(snapshot(workspace.public), site)

    def assert_build_fails(self, workspace, *messages):
        """`kb build` exits 1, reports every one of `messages`, and leaves Public/ as it was."""
        before = snapshot(workspace.public)
        result = workspace.kb("build")
        self.assertEqual(result.returncode, 1)
        for message in messages:
            self.assertIn(message, result.stderr)
        self.assertEqual(snapshot(workspace.public), before)

    def test_errors_exit_one_name_every_bad_file_and_leave_the_output_alone(self):
        workspace = self.workspace({
            "a.md": "---\ntitle: [unclosed\n---\n", "b.md": note("B"), "c.md": "---\ntitle: C\n"})
        self.assert_build_fails(workspace, "Content/a.md:3:1: error:", "Content/c.md:1:1: error:")

    def test_bad_arguments_exit_with_the_usage_status(self):
        workspace = self.workspace({"a.md": note("A")})
        result = workspace.kb("build", "--jobs", "many")
        self.assertEqual(result.returncode, 64)
        self.assertIn("--jobs", result.stderr)

    def test_a_base_url_that_is_not_http_with_a_host_is_a_usage_error(self):
        workspace = self.workspace({"a.md": note("A")})
        before = snapshot(workspace.public)
        for url in ["javascript:alert(1)//", "https://example.org/\"><script>", "https://", "example.org"]:
            with self.subTest(url=url):
                result = workspace.kb("build", "--base-url", url)
                self.assertEqual(result.returncode, 64, result.stderr)
                self.assertIn("--base-url", result.stderr)
                self.assertEqual(snapshot(workspace.public), before)
        good = workspace.kb("build", "--base-url", "https://kb.example.org/x")
        self.assertEqual(good.returncode, 0, good.stderr)
        with open(os.path.join(workspace.public, "sitemap.xml"), encoding="utf-8") as handle:
            self.assertIn("<loc>https://kb.example.org/x/a.html</loc>", handle.read())

    def test_new_refuses_a_folder_outside_the_content_folder(self):
        workspace = self.workspace({"a.md": note("A")})
        os.symlink(workspace.folder, os.path.join(workspace.content, "out"))
        kb = os.path.join(workspace.folder, "kb")
        before = snapshot(workspace.folder)
        # `../..` from Content/ is the folder that holds the workspace.
        beyond = os.path.join(os.path.dirname(workspace.folder), "escape.md")
        existed = os.path.exists(beyond)
        for folder in ["../..", "..", os.path.join(workspace.folder, "elsewhere"), "out", "out/deeper", "x/../../y"]:
            with self.subTest(folder=folder):
                result = subprocess.run([kb, "new", "Escape", "--folder", folder, "--content", "Content"],
                                        cwd=workspace.folder, capture_output=True, text=True, timeout=60)
                self.assertEqual(result.returncode, 64, result.stdout + result.stderr)
                self.assertIn("--folder", result.stderr)
                self.assertIn("must be a folder inside Content", result.stderr)
                self.assertEqual(snapshot(workspace.folder), before)
                self.assertEqual(os.path.exists(beyond), existed)
        good = subprocess.run([kb, "new", "Inside", "--folder", "people", "--content", "Content"],
                              cwd=workspace.folder, capture_output=True, text=True, timeout=60)
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertTrue(os.path.isfile(os.path.join(workspace.content, "people", "inside.md")))

    def needs_permissions(self):
        if os.geteuid() == 0 and not as_nobody():
            self.skipTest("run as root, and the user nobody cannot start kb: permissions cannot be tested")

    def test_an_unreadable_note_is_an_error_and_every_other_note_is_still_checked(self):
        self.needs_permissions()
        workspace = self.workspace({
            "a.md": note("A"), "b.md": note("B"), "c.md": "---\ntitle: C\n"})
        os.chmod(os.path.join(workspace.content, "b.md"), 0)
        self.assert_build_fails(workspace, "Content/b.md:1:1: error: cannot read the file", "Content/c.md:1:1: error:")

    def test_a_folder_that_can_be_listed_but_not_entered_is_an_error_like_one_that_cannot_be_read(self):
        self.needs_permissions()
        workspace = self.workspace({"a.md": note("A"), "c.md": "---\ntitle: C\n"})
        # `r--`: its names can be listed, but not one of its files reached. `---`: not even listed.
        for folder, mode in [("listed", 0o444), ("closed", 0)]:
            os.makedirs(os.path.join(workspace.content, folder, "inner"))
            with open(os.path.join(workspace.content, folder, "inner", "b.md"), "w") as handle:
                handle.write(note("B " + folder))
            os.chmod(os.path.join(workspace.content, folder), mode)
        self.assert_build_fails(
            workspace, "Content/listed:1:1: error: cannot read the folder",
            "Content/closed:1:1: error: cannot read the folder", "Content/c.md:1:1: error:")

    def test_an_excluded_folder_is_never_entered(self):
        self.needs_permissions()
        workspace = self.workspace({"a.md": note("A"), "site.yml": "exclude: [private/, \"*.key\"]\n"})
        os.makedirs(os.path.join(workspace.content, "private"))
        with open(os.path.join(workspace.content, "private", "p.md"), "w") as handle:
            handle.write(note("P"))
        with open(os.path.join(workspace.content, "token.key"), "w") as handle:
            handle.write("secret")
        os.chmod(os.path.join(workspace.content, "private"), 0)
        os.chmod(os.path.join(workspace.content, "token.key"), 0)
        result = workspace.kb("build")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("private", result.stderr)
        self.assertNotIn("token", result.stderr)
        published = snapshot(workspace.public)
        self.assertIn("a.html", published)
        self.assertFalse(any(path.startswith("private") or path.endswith(".key") for path in published))

    def test_a_read_only_output_fails_cleanly_and_keeps_the_previous_site(self):
        self.needs_permissions()
        # The whole output read-only, and only a folder written late in the build.
        for read_only in ["", "tags"]:
            with self.subTest(read_only=read_only or "Public"):
                workspace = self.workspace({"a.md": note("A"), "b.md": note("B")})
                first = workspace.kb("build")
                self.assertEqual(first.returncode, 0, first.stderr)
                with open(os.path.join(workspace.content, "a.md"), "w") as handle:
                    handle.write("---\ntitle: A\ntags: [t, u]\n---\nchanged\n")
                with open(os.path.join(workspace.content, "new.md"), "w") as handle:
                    handle.write(note("New"))
                os.chmod(os.path.join(workspace.public, read_only), 0o555)
                self.assert_build_fails(workspace, "error: cannot write", "Permission denied")

    def test_symbolic_links_that_loop_or_leave_the_content_are_not_followed(self):
        workspace = self.workspace({"a.md": note("A")})
        os.symlink(".", os.path.join(workspace.content, "loop"))
        os.symlink("x.md", os.path.join(workspace.content, "y.md"))
        os.symlink("y.md", os.path.join(workspace.content, "x.md"))
        os.symlink(os.path.join(workspace.folder, "beside.txt"), os.path.join(workspace.content, "out.md"))
        result = workspace.kb("build")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Content/loop:1:1: warning: symbolic link to a folder; not followed", result.stderr)
        self.assertIn("Content/x.md:1:1: warning: symbolic link to nothing, or a loop; not followed", result.stderr)
        self.assertIn("Content/out.md:1:1: warning: symbolic link leads out of the content folder", result.stderr)
        published = snapshot(workspace.public)
        self.assertIn("a.html", published)
        self.assertFalse(any(b"keep" == data for data in published.values()))


    def test_kb_never_writes_over_what_it_reads_nor_removes_what_it_did_not_write(self):
        workspace = self.workspace({"a.md": note("A"), "b.md": note("B")})
        with open(os.path.join(workspace.folder, "README.md"), "w") as handle:
            handle.write("mine")
        os.makedirs(os.path.join(workspace.folder, "other"))
        with open(os.path.join(workspace.folder, "other", "keep.txt"), "w") as handle:
            handle.write("mine")
        before = snapshot(workspace.folder)
        for output, message in [("Content", "is the content folder"), (".", "holds the content folder"),
                                ("Content/Public", "is inside the content folder"),
                                ("Templates", "is the templates folder"),
                                ("other", 'holds 1 file kb did not write ("keep.txt")')]:
            with self.subTest(output=output):
                result = workspace.kb("build", output=output)
                self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
                self.assertIn(message, result.stderr)
                self.assertEqual(snapshot(workspace.folder), before)
        # With --force, kb builds beside the user's file, and later builds leave it alone.
        self.assertEqual(workspace.kb("build", "--force", output="other").returncode, 0)
        os.remove(os.path.join(workspace.content, "b.md"))
        again = workspace.kb("build", output="other")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("1 removed", again.stdout)
        with open(os.path.join(workspace.folder, "other", "keep.txt")) as handle:
            self.assertEqual(handle.read(), "mine")

    def test_a_build_killed_at_any_moment_leaves_a_site_the_next_build_makes_whole(self):
        """Two versions of a knowledge base, built in turn into one folder, each build killed at a
        random moment: the folder holds the old site, or the new one, or a staged or committed
        switch; and the next build always gives exactly what a fresh build gives."""
        import random
        import signal
        import time
        versions = [
            {f"n{i:03}.md": note(f"Note {i}", f"[[Note {(i + 1) % 150}]] version {v} " + "text " * 200)
             for i in range(150)}
            for v in range(2)]
        versions[1]["extra/added.md"] = note("Added")
        del versions[1]["n007.md"]
        workspace = self.workspace({})

        def use(version):
            shutil.rmtree(workspace.content)
            os.makedirs(os.path.join(workspace.content, "extra"))
            for name, text in versions[version].items():
                with open(os.path.join(workspace.content, name), "w", encoding="utf-8") as handle:
                    handle.write(text)

        def site(folder):
            found = snapshot(folder)
            return {path: data for path, data in found.items() if not path.startswith(".kb-")}

        fresh = []
        for version in range(2):
            use(version)
            start = time.monotonic()
            result = workspace.kb("build", output=f"fresh{version}")
            self.assertEqual(result.returncode, 0, result.stderr)
            duration = time.monotonic() - start
            fresh.append(site(os.path.join(workspace.folder, f"fresh{version}")))
        self.assertNotEqual(fresh[0], fresh[1])
        use(0)
        self.assertEqual(workspace.kb("build").returncode, 0)
        random.seed(20261201)
        outcomes = {}
        for attempt in range(24):
            old, new = attempt % 2, (attempt + 1) % 2
            use(new)
            process = subprocess.Popen(workspace.command("build"), cwd=workspace.folder,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0.2, 1.3) * duration)
            process.send_signal(signal.SIGKILL)
            process.wait()
            staging = os.path.join(workspace.public, ".kb-staging")
            now = site(workspace.public)
            if os.path.exists(os.path.join(staging, "journal")):
                outcome = "committed"
            elif os.path.exists(staging):
                outcome = "staged"
                self.assertEqual(now, fresh[old])
            else:
                outcome = "old" if now == fresh[old] else "new"
                self.assertIn(now, [fresh[old], fresh[new]])
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            result = workspace.kb("build")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(site(workspace.public), fresh[new], f"attempt {attempt}, after {outcome}")
            self.assertFalse(os.path.exists(staging))
        print(f"\n  kills: {outcomes}", end=" ")
        self.assertGreater(len(outcomes), 1, "every kill came at the same stage: the timing tells nothing")

    def broken_links(self, count, **extra):
        """A vault whose notes link to `count` notes not written yet, plus `extra` files."""
        links = [f"[[Nowhere {i}]]" for i in range(count)]
        notes = {"a.md": note("A", "\n\n".join(links[: count // 2])), "b.md": note("B", "\n\n".join(links[count // 2:])),
                 # A base URL, so that the only warnings are the links'.
                 "site.yml": "base_url: https://example.org/\n"}
        notes.update(extra)
        return self.workspace(notes)

    def test_many_warnings_are_counted_by_kind_and_verbose_lists_them_all(self):
        workspace = self.broken_links(60, **{"c.md": "---\ntitle: C\nunknown_key: [\n---\n"})
        for command in ["build", "check"]:
            with self.subTest(command=command):
                result = workspace.kb(command)
                self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
                lines = result.stderr.splitlines()
                self.assertIn('60 warnings: no note named … yet', lines)
                self.assertEqual(lines[lines.index('60 warnings: no note named … yet') + 1:][:3], [
                    'Content/a.md:4:1: warning: no note named "Nowhere 0" yet',
                    'Content/a.md:6:1: warning: no note named "Nowhere 1" yet',
                    'Content/a.md:8:1: warning: no note named "Nowhere 2" yet'])
                self.assertEqual(sum(": warning: " in line for line in lines), 3)
                self.assertIn("Shown: 3 of 60 warnings, the first 3 of each kind; --verbose shows every one.", lines)
                # Errors are never summarised, and come last, next to the verdict.
                self.assertEqual([line for line in lines if ": error: " in line], [lines[-1]])
                self.assertTrue(lines[-1].startswith("Content/c.md:"), lines[-1])

                verbose = workspace.kb(command, "--verbose")
                self.assertEqual(verbose.returncode, 1)
                warnings = [line for line in verbose.stderr.splitlines() if ": warning: no note named" in line]
                self.assertEqual(len(warnings), 60)
                self.assertEqual(len(set(warnings)), 60)
                self.assertNotIn("--verbose", verbose.stderr)
                self.assertEqual(sum(": error: " in line for line in verbose.stderr.splitlines()), 1)

    def test_twenty_diagnostics_are_listed_in_full_and_twenty_one_are_counted(self):
        for count, summarised in [(20, False), (21, True)]:
            with self.subTest(count=count):
                result = self.broken_links(count).kb("check")
                self.assertEqual(result.returncode, 0, result.stderr)
                lines = result.stderr.splitlines()
                self.assertEqual(sum(": warning: " in line for line in lines), 3 if summarised else count)
                self.assertEqual(f"{count} warnings: no note named … yet" in lines, summarised)
                self.assertIn(f"{count} warnings", result.stdout)

    def test_check_gives_every_diagnostic_as_json_on_standard_output(self):
        workspace = self.broken_links(60)
        result = workspace.kb("check", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        diagnostics = json.loads(result.stdout)
        self.assertEqual(len(diagnostics), 60)
        for diagnostic in diagnostics:
            self.assertEqual(set(diagnostic), {"file", "line", "column", "severity", "kind", "message"})
            self.assertIn(diagnostic["file"], ["Content/a.md", "Content/b.md"])
            self.assertIsInstance(diagnostic["line"], int)
            self.assertEqual(diagnostic["column"], 1)
            self.assertEqual(diagnostic["severity"], "warning")
            self.assertEqual(diagnostic["kind"], "no note named … yet")
        self.assertEqual(sorted(d["message"] for d in diagnostics), sorted(f'no note named "Nowhere {i}" yet' for i in range(60)))
        self.assertEqual(diagnostics[0], {"file": "Content/a.md", "line": 4, "column": 1, "severity": "warning",
                                          "kind": "no note named … yet", "message": 'no note named "Nowhere 0" yet'})
        # An error: the same array, and exit status 1.
        with open(os.path.join(workspace.content, "c.md"), "w") as handle:
            handle.write('---\ntitle: C\n')
        failed = workspace.kb("check", "--format", "json")
        self.assertEqual(failed.returncode, 1)
        errors = [d for d in json.loads(failed.stdout) if d["severity"] == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0]["file"], "Content/c.md")
        self.assertEqual(errors[0]["kind"], "front matter is not closed: add a line … after it")
        self.assertEqual(workspace.kb("check", "--format", "yaml").returncode, 64)


if __name__ == "__main__":
    unittest.main()
