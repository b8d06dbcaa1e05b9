namespace GitJit.Core.Tests.CodeOwners;

/// <summary>
/// Pattern, path, and whether GitHub matches them. The first group comes from the example CODEOWNERS file in
/// GitHub's "About code owners" documentation, with the paths its comments name; the rest are gitignore-style
/// cases (hmarr/codeowners' corpus, which is checked against GitHub) and the documented syntax exceptions.
/// </summary>
public static class PatternCases
{
    public static TheoryData<string, string, bool> All { get; } = new()
    {
        // * @global-owner1 @global-owner2 — everything.
        { "*", "README.md", true },
        { "*", "src/app/main.js", true },
        { "*", ".github/workflows/ci.yml", true },

        // *.js @js-owner — any .js file, at any depth.
        { "*.js", "app.js", true },
        { "*.js", "src/components/button.js", true },
        { "*.js", "app.jsx", false },
        { "*.js", "app.js.map", false },
        { "*.js", "scripts.json", false },
        { "*.js", "src/APP.JS", false },

        // *.go docs@example.com
        { "*.go", "main.go", true },
        { "*.go", "cmd/server/main.go", true },
        { "*.go", "main.gox", false },
        { "*.go", "go/main.rs", false },

        // *.txt @octo-org/octocats
        { "*.txt", "notes.txt", true },
        { "*.txt", "docs/notes.txt", true },
        { "*.txt", "notes.txt.bak", false },

        // /build/logs/ @doctocat — build/logs at the root and all its subdirectories.
        { "/build/logs/", "build/logs/output.log", true },
        { "/build/logs/", "build/logs/2024/01/output.log", true },
        { "/build/logs/", "build/logs", false },
        { "/build/logs/", "src/build/logs/output.log", false },
        { "/build/logs/", "build/logsarchive/output.log", false },

        // docs/* docs@example.com — docs/getting-started.md but not docs/build-app/troubleshooting.md.
        { "docs/*", "docs/getting-started.md", true },
        { "docs/*", "docs/.nojekyll", true },
        { "docs/*", "docs/build-app/troubleshooting.md", false },
        { "docs/*", "docs", false },
        { "docs/*", "src/docs/getting-started.md", false },

        // apps/ @octocat — any apps directory anywhere in the repository.
        { "apps/", "apps/web/index.js", true },
        { "apps/", "src/apps/web/index.js", true },
        { "apps/", "deeply/nested/apps/cli/main.go", true },
        { "apps/", "apps", false },
        { "apps/", "myapps/web/index.js", false },
        { "apps/", "apps.txt", false },

        // /docs/ @doctocat — the root docs directory and all its subdirectories.
        { "/docs/", "docs/getting-started.md", true },
        { "/docs/", "docs/build-app/troubleshooting.md", true },
        { "/docs/", "src/docs/readme.md", false },
        { "/docs/", "docs", false },

        // /scripts/ @doctocat @octocat
        { "/scripts/", "scripts/deploy.sh", true },
        { "/scripts/", "scripts/ci/lint.sh", true },
        { "/scripts/", "tools/scripts/deploy.sh", false },

        // **/logs @octocat — /build/logs, /scripts/logs and /deeply/nested/logs.
        { "**/logs", "build/logs/output.log", true },
        { "**/logs", "scripts/logs/run.log", true },
        { "**/logs", "deeply/nested/logs/run.log", true },
        { "**/logs", "logs/run.log", true },
        { "**/logs", "logs", true },
        { "**/logs", "build/logsarchive/run.log", false },
        { "**/logs", "build/mylogs/run.log", false },

        // /apps/ @octocat with /apps/github — a name without a trailing slash owns the file or the directory.
        { "/apps/", "apps/github/index.js", true },
        { "/apps/github", "apps/github", true },
        { "/apps/github", "apps/github/index.js", true },
        { "/apps/github", "apps/githubber/index.js", false },
        { "/apps/github", "src/apps/github/index.js", false },

        // A single name floats to any depth; a middle slash anchors to the root.
        { "foo", "foo", true },
        { "foo", "bar/foo", true },
        { "foo", "bar/foo/baz", true },
        { "foo", "foo.txt", false },
        { "/foo", "bar/foo", false },
        { "/foo", "foo/bar/baz", true },
        { "foo/bar", "foo/bar/baz", true },
        { "foo/bar", "baz/foo/bar", false },
        { "foo/bar", "foo/bart", false },

        // Leading **/
        { "**/foo/bar", "foo/bar", true },
        { "**/foo/bar", "qux/foo/bar", true },
        { "**/foo/bar", "qux/foo/bar/baz", true },
        { "**/foo/bar", "foo/baz/bar", false },
        { "**/*.md", "a/b/c.md", true },
        { "**/*.md", "c.mdx", false },

        // Trailing /**
        { "foo/bar/**", "foo/bar", false },
        { "foo/bar/**", "foo/bar/baz", true },
        { "foo/bar/**", "foo/bar/baz/qux", true },
        { "foo/bar/**", "qux/foo/bar/baz", false },

        // Middle /**/ — zero or more directories.
        { "foo/**/bar", "foo/bar", true },
        { "foo/**/bar", "foo/qux/bar", true },
        { "foo/**/bar", "foo/qux/quux/bar/baz", true },
        { "foo/**/bar", "qux/foo/bar", false },
        { "foo/**/bar", "foo/barn", false },
        { "foo/**/", "foo", false },
        { "foo/**/", "foo/bar", true },
        { "foo/**/bar/b*", "foo/qux/bar/baz", true },
        { "foo/**/bar/b*", "foo/qux/bar/qux", false },
        { "a/***/b", "a/x/y/b", true },

        // Everything
        { "**", "a/b/c", true },
        { "/**", "README.md", true },

        // Lone stars
        { "/*", "README.md", true },
        { "/*", "src/app.js", false },
        { "/*/", "foo", false },
        { "/*/", "foo/bar", true },
        { "foo/*/baz", "foo/bar/baz", true },
        { "foo/*/baz", "foo/bar/baz/qux", true },
        { "foo/*/baz", "foo/baz", false },
        { "foo/*/baz", "foo/a/b/baz", false },

        // * and ? stay within one segment
        { "f*", "foo/bar", true },
        { "f*", "bar/foo", true },
        { "f*", "bar/baz", false },
        { "/f*", "bar/foo", false },
        { "src/*.js", "src/a.js", true },
        { "src/*.js", "src/lib/a.js", false },
        { "f?o", "foo", true },
        { "f?o", "fo", false },
        { "f?o", "fooo", false },
        { "f?o/", "f/o/x", false },

        // Backslash escapes
        { @"f\*o", "f*o", true },
        { @"f\*o", "foo", false },
        { @"f\?o", "f?o", true },
        { @"f\?o", "fxo", false },
        { @"path\ with\ spaces/", "path with spaces/readme.md", true },
        { @"path\ with\ spaces/", "path/readme.md", false },
        { @"/pages/\[org\]/index.tsx", "pages/[org]/index.tsx", true },
        { @"/pages/\[org\]/index.tsx", "pages/o/index.tsx", false },
        { @"notes/\#1.md", "notes/#1.md", true },
        { "/a!b", "a!b", true },

        // Paths are case-sensitive
        { "/Docs/", "Docs/index.md", true },
        { "/Docs/", "docs/index.md", false },
        { "README.md", "readme.md", false },
    };
}
