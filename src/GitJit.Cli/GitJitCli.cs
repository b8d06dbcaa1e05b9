using System.CommandLine;
using GitJit.Cli.Commands;

namespace GitJit.Cli;

/// <summary>The <c>gitjit</c> command line: parses arguments and hands typed options to each command's handler.</summary>
public static class GitJitCli
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(args, console, CliEnvironment.Process, TimeProvider.System, cancellationToken);

    /// <summary>Runs with <paramref name="environment"/>'s variables and home folder, on <paramref name="timeProvider"/>'s clock.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CliEnvironment environment, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var root = new RootCommand("GitJit: just-in-time access, requested and approved in pull requests.")
        {
            Validate(console, timeProvider),
            Plan(console, timeProvider),
            Owners(console),
            Audit(console, timeProvider),
            Request(console, environment, timeProvider),
            Status(console, environment, timeProvider),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync("gitjit: " + error.Message).ConfigureAwait(false);
            }
            await console.Error.WriteLineAsync("Run 'gitjit --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync("gitjit: " + e.Message).ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
    }

    private static Command Validate(CliConsole console, TimeProvider timeProvider)
    {
        var directory = new Argument<string>("DIR") { Description = "The access repository (default: the current folder).", DefaultValueFactory = _ => "." };
        var format = FormatOption("text, json or github (GitHub Actions annotations)");
        var teams = TeamsOption();
        var command = new Command("validate", "Check every request, policy, schema and CODEOWNERS line in an access repository. Exit 0 clean, 1 findings, 2 usage or I/O error.")
        {
            directory, format, teams,
        };
        command.SetAction((result, token) => new ValidateCommand(console, timeProvider).RunAsync(
            new ValidateOptions(result.GetValue(directory)!, result.GetValue(format), result.GetValue(teams)), token));
        return command;
    }

    private static Command Plan(CliConsole console, TimeProvider timeProvider)
    {
        var file = new Argument<string>("FILE") { Description = "The request file, e.g. access-requests/orders-db/alice.yaml." };
        var repo = RepoOption();
        var author = new Option<string?>("--author") { Description = "Who opens the pull request (default: the request's requester)." };
        var approvedBy = new Option<string[]>("--approved-by")
        {
            Description = "Logins that approved the current commit, comma-separated.",
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AllowMultipleArgumentsPerToken = true,
        };
        var format = FormatOption("text (the bot's comment, Markdown) or json");
        var teams = TeamsOption();
        var command = new Command("plan", "Show the decision and plan for one request, as the bot would comment it. Exit 0 when it can be granted (possibly after approvals), 1 when refused, 2 usage or I/O error.")
        {
            file, repo, author, approvedBy, teams, format,
        };
        command.SetAction((result, token) => new PlanCommand(console, timeProvider).RunAsync(
            new PlanOptions(result.GetValue(file)!, result.GetValue(repo)!, result.GetValue(author), result.GetValue(approvedBy) ?? [], result.GetValue(teams), result.GetValue(format)), token));
        return command;
    }

    private static Command Owners(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Repository-relative paths.", Arity = ArgumentArity.OneOrMore };
        var repo = RepoOption();
        var format = FormatOption("text (path, a tab, owners) or json");
        var command = new Command("owners", "Print each path's code owners as GitHub reads CODEOWNERS: the path, a tab, then the owners.")
        {
            paths, repo, format,
        };
        command.SetAction((result, token) => new OwnersCommand(console).RunAsync(
            new OwnersOptions(result.GetValue(repo)!, result.GetValue(paths)!, result.GetValue(format)), token));
        return command;
    }

    private static Command Audit(CliConsole console, TimeProvider timeProvider)
    {
        var directory = new Argument<string>("DIR") { Description = "A clone of the access repository (default: the current folder).", DefaultValueFactory = _ => "." };
        var since = new Option<string?>("--since") { Description = "Only grants with a record added on or after DATE (2026-11-28 or 2026-11-28T12:00:00Z, UTC unless an offset is given)." };
        var format = new Option<AuditFormat>("--format") { Description = "text (an aligned table), json or csv", DefaultValueFactory = _ => AuditFormat.Text };
        var bound = new Option<string?>("--bound") { Description = "How late after expiry a revocation may be (default 90s)." };
        var command = new Command("audit", "Print every grant's timeline from audit/ and its history, and every anomaly. Exit 0 clean, 1 anomalies, 2 usage or I/O error.")
        {
            directory, since, format, bound,
        };
        // The audit command alone loads GitJit.Audit and libgit2: built only when it runs.
        command.SetAction((result, token) => new AuditCommand(console, timeProvider).RunAsync(
            new AuditOptions(result.GetValue(directory)!, result.GetValue(since), result.GetValue(format), result.GetValue(bound)), token));
        return command;
    }

    private static Command Request(CliConsole console, CliEnvironment environment, TimeProvider timeProvider)
    {
        var resource = new Argument<string>("RESOURCE") { Description = "The resource: a policy in policies/, e.g. orders-db." };
        var role = new Option<string>("--role") { HelpName = "ROLE", Description = "One of the resource's roles.", Required = true };
        var duration = new Option<string>("--for") { HelpName = "DURATION", Description = "How long: 90m, 2h, 1h30m, 1d; at most the role's maxDuration.", Required = true };
        var reason = new Option<string>("--reason") { HelpName = "TEXT", Description = "Why, in a sentence the approvers can judge; its first words name the file and branch.", Required = true };
        var ticket = new Option<string?>("--ticket") { HelpName = "ID", Description = "The ticket or incident id (required by some roles)." };
        var tables = new Option<string[]>("--table")
        {
            HelpName = "SCHEMA.TABLE",
            Description = "Only these tables (schema.table), narrowing the role's; repeat or separate with commas.",
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AllowMultipleArgumentsPerToken = true,
        };
        var emergency = new Option<bool>("--emergency") { Description = "Break-glass: granted as soon as the pull request opens, where the role's policy allows emergencies; code owners review it afterwards." };
        var start = new Option<string?>("--start") { HelpName = "TIME", Description = "When access begins, with an offset: 2026-12-05T09:00:00+01:00 or …Z; at most 90 days ahead (default: at merge)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only write the file (needs --requester): no git, no GitHub." };
        var requester = new Option<string?>("--requester") { HelpName = "LOGIN", Description = "Who asks, with --dry-run; otherwise it is the GitHub token's user." };
        var repo = RepoOption();
        var command = new Command("request", "Write a request file, check it like validate, commit it alone on a new branch, push it and open the pull request. Exit 0 with the pull request's URL, 1 findings (nothing created), 2 usage, git or GitHub error.")
        {
            resource, role, duration, reason, ticket, tables, start, emergency, dryRun, requester, repo,
        };
        command.SetAction((result, token) => new RequestCommand(console, environment, timeProvider).RunAsync(
            new RequestOptions(
                result.GetValue(resource)!, result.GetValue(role)!, result.GetValue(duration)!, result.GetValue(reason)!, result.GetValue(ticket),
                result.GetValue(tables) ?? [], result.GetValue(dryRun), result.GetValue(requester), result.GetValue(repo)!)
            {
                Emergency = result.GetValue(emergency),
                Start = result.GetValue(start),
            },
            token));
        return command;
    }

    private static Command Status(CliConsole console, CliEnvironment environment, TimeProvider timeProvider)
    {
        var mine = new Option<bool>("--mine") { Description = "Only the token user's grants and requests (or --requester's)." };
        var requester = new Option<string?>("--requester") { HelpName = "LOGIN", Description = "With --mine: whose, instead of the token's user." };
        var repo = RepoOption();
        var format = new Option<StatusFormat>("--format") { Description = "text (an aligned table) or json", DefaultValueFactory = _ => StatusFormat.Text };
        var command = new Command("status", "List active grants (from audit/) and pending requests (open pull requests, with a GitHub token). Exit 0, or 2 on a usage, git or GitHub error.")
        {
            mine, requester, repo, format,
        };
        command.SetAction((result, token) => new StatusCommand(console, environment, timeProvider).RunAsync(
            new StatusOptions(result.GetValue(mine), result.GetValue(requester), result.GetValue(repo)!, result.GetValue(format)), token));
        return command;
    }

    private static Option<OutputFormat> FormatOption(string description) =>
        new("--format") { Description = description, DefaultValueFactory = _ => OutputFormat.Text };

    private static Option<string> RepoOption() =>
        new("--repo") { Description = "The access repository (default: the current folder).", DefaultValueFactory = _ => "." };

    private static Option<string?> TeamsOption() =>
        new("--teams") { Description = "A YAML file mapping org/team to member logins, for checks the bot makes with GitHub's API." };
}
