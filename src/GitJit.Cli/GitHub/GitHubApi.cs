using System.Text;
using GitJit.Core.Repository;
using GitJit.Core.Yaml;
using Octokit;
using ProductHeaderValue = Octokit.ProductHeaderValue;

namespace GitJit.Cli.GitHub;

/// <summary>
/// What the CLI asks GitHub's REST API, through Octokit, as the token's user: who they are, open a pull request, and
/// the open pull requests that add request files. Failures come as <see cref="GitHubApiException"/>.
/// </summary>
public sealed class GitHubApi
{
    /// <summary>GitHub's API, unless <c>GITHUB_API_URL</c> names another (GitHub Enterprise Server: https://HOST/api/v3).</summary>
    public static readonly Uri DefaultUrl = new("https://api.github.com/");

    private readonly GitHubClient client;

    public GitHubApi(Uri apiUrl, GitHubToken token)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentNullException.ThrowIfNull(token);
        ApiUrl = apiUrl;
        client = new GitHubClient(new ProductHeaderValue("gitjit"), apiUrl) { Credentials = new Credentials(token.Value) };
    }

    public Uri ApiUrl { get; }

    /// <summary>The API from <c>GITHUB_API_URL</c>, or <see cref="DefaultUrl"/>; null with a problem when it is not an http(s) URL.</summary>
    public static Uri? UrlFrom(CliEnvironment environment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        var configured = environment.Variable("GITHUB_API_URL");
        if (string.IsNullOrWhiteSpace(configured)) return DefaultUrl;
        if (Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var url) && url.Scheme is "https" or "http") return url;
        problem = "GITHUB_API_URL is not an http(s) URL";
        return null;
    }

    /// <summary>The host whose gh sign-in holds the token: github.com for api.github.com, else the API's own host.</summary>
    public static string HostOf(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        return apiUrl.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase) ? "github.com" : apiUrl.Authority;
    }

    /// <summary>The web root pages live under: https://github.com/ for api.github.com, else the API's scheme, host and port.</summary>
    public static Uri WebUrlOf(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        return apiUrl.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase)
            ? new Uri("https://github.com/")
            : new Uri(apiUrl.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>GET /user: the login of the token's user.</summary>
    public Task<string> CurrentLoginAsync() => CallAsync("GET /user", async () => (await client.User.Current().ConfigureAwait(false)).Login);

    /// <summary>POST /repos/{owner}/{repo}/pulls; the new pull request's number and html_url.</summary>
    public Task<(int Number, string HtmlUrl)> OpenPullRequestAsync(string owner, string name, string title, string head, string baseBranch, string body) =>
        CallAsync($"POST /repos/{owner}/{name}/pulls", async () =>
        {
            var created = await client.PullRequest.Create(owner, name, new NewPullRequest(title, head, baseBranch) { Body = body }).ConfigureAwait(false);
            return (created.Number, created.HtmlUrl);
        });

    /// <summary>
    /// Every open pull request that adds a file under <c>access-requests/</c>, newest first, each file read at the pull
    /// request's head to say who asks for what.
    /// </summary>
    public Task<IReadOnlyList<PendingRequest>> PendingRequestsAsync(string owner, string name, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<PendingRequest>>($"GET /repos/{owner}/{name}/pulls", async () =>
        {
            var open = await client.PullRequest.GetAllForRepository(owner, name, new PullRequestRequest { State = ItemStateFilter.Open }).ConfigureAwait(false);
            var pending = new List<PendingRequest>();
            foreach (var pull in open)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var files = await client.PullRequest.Files(owner, name, pull.Number).ConfigureAwait(false);
                foreach (var file in files.Where(f => f.Status == "added" && f.FileName.StartsWith(AccessRepository.RequestsDirectory + "/", StringComparison.Ordinal)))
                {
                    var fields = await FieldsAsync(owner, name, file.FileName, pull.Head.Sha).ConfigureAwait(false);
                    pending.Add(new PendingRequest(
                        pull.Number, pull.HtmlUrl, pull.User.Login, file.FileName,
                        fields.GetValueOrDefault("requester"), fields.GetValueOrDefault("resource"), fields.GetValueOrDefault("role"), fields.GetValueOrDefault("duration")));
                }
            }
            return pending;
        });

    /// <summary>The top-level single values of a request file at <paramref name="reference"/>; none when it is not a mapping.</summary>
    private async Task<Dictionary<string, string>> FieldsAsync(string owner, string name, string path, string reference)
    {
        var contents = await client.Repository.Content.GetAllContentsByRef(owner, name, path, reference).ConfigureAwait(false);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (contents is not [{ Content: { } text }]) return fields;
        if (SafeYamlReader.Read(path, Encoding.UTF8.GetBytes(text)).Root is not YamlMapping mapping) return fields;
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is YamlScalar scalar) fields[key.Value] = scalar.Value;
        }
        return fields;
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw GitHubApiException.From(e, what);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException($"cannot reach GitHub at {ApiUrl}: {e.Message}", e);
        }
    }
}
