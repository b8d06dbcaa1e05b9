using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>One server for every case: the world, the server and a client.</summary>
public sealed class WebhookRefusalServer : IAsyncLifetime
{
    private FlowWorld world = null!;

    internal ServerUnderTest Server { get; private set; } = null!;

    internal HttpClient Http { get; } = Delivery.Client();

    public async Task InitializeAsync()
    {
        world = await FlowWorld.CreateAsync();
        Server = await ServerUnderTest.StartAsync(ServerUnderTest.WithH2c(world.Settings()));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await world.DisposeAsync();
    }
}

/// <summary>
/// What the webhook endpoint answers to deliveries that are not what GitHub sends: the signature is checked first
/// (forged, tampered or unsigned: 401), then the headers and the body are read (anything missing or malformed: 400
/// with the reason); a well-formed delivery GitJit does not act on is acknowledged. Nothing refused queues work, and
/// nothing is answered with 500, over HTTP/1.1 (any header casing) and over HTTP/2.
/// </summary>
public sealed class WebhookRefusalTests(WebhookRefusalServer fixture) : IClassFixture<WebhookRefusalServer>
{
    private const string Secret = FlowWorld.Secret;

    private static readonly Dictionary<string, (Func<Delivery> Delivery, HttpStatusCode Status, string Reason)> Cases = new()
    {
        // Headers (the delivery is properly signed).
        ["event header missing"] = (() => Opened() with { Event = null }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["event header empty"] = (() => Opened() with { Event = "" }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["event header twice"] = (() => Opened() with { Event = "pull_request, issues" }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["event header not an event name"] = (() => Opened() with { Event = "pull request" }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["event header in capitals"] = (() => Opened() with { Event = "PULL_REQUEST" }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["event header too long"] = (() => Opened() with { Event = new string('a', 200) }, HttpStatusCode.BadRequest, "X-GitHub-Event"),
        ["delivery id missing"] = (() => Opened() with { Id = null }, HttpStatusCode.BadRequest, "X-GitHub-Delivery"),
        ["delivery id empty"] = (() => Opened() with { Id = "" }, HttpStatusCode.BadRequest, "X-GitHub-Delivery"),
        ["delivery id with spaces"] = (() => Opened() with { Id = "not a delivery id" }, HttpStatusCode.BadRequest, "X-GitHub-Delivery"),
        ["delivery id too long"] = (() => Opened() with { Id = new string('7', 300) }, HttpStatusCode.BadRequest, "X-GitHub-Delivery"),
        ["delivery id twice"] = (() => Opened() with { Id = Guid.NewGuid() + ", " + Guid.NewGuid() }, HttpStatusCode.BadRequest, "X-GitHub-Delivery"),
        ["content type missing"] = (() => Opened() with { ContentType = null }, HttpStatusCode.BadRequest, "Content-Type"),
        ["content type form-encoded"] = (() => Delivery.Signed("pull_request", "payload=" + Uri.EscapeDataString(OpenedJson()), Secret) with { ContentType = "application/x-www-form-urlencoded" }, HttpStatusCode.BadRequest, "Content-Type"),
        ["content type text"] = (() => Opened() with { ContentType = "text/plain" }, HttpStatusCode.BadRequest, "Content-Type"),
        ["content type another charset"] = (() => Opened() with { ContentType = "application/json; charset=utf-16" }, HttpStatusCode.BadRequest, "Content-Type"),
        ["content type malformed"] = (() => Opened() with { ContentType = "application/" }, HttpStatusCode.BadRequest, "Content-Type"),
        ["signature too short"] = (() => Opened() with { Signature = "sha256=abc123" }, HttpStatusCode.BadRequest, "X-Hub-Signature-256"),
        ["signature of another algorithm"] = (() => Opened() with { Signature = "sha1=" + new string('a', 40) }, HttpStatusCode.BadRequest, "X-Hub-Signature-256"),
        ["signature not hex"] = (() => Opened() with { Signature = "sha256=" + new string('z', 64) }, HttpStatusCode.BadRequest, "X-Hub-Signature-256"),
        ["signature twice"] = (() => AfterSigning(d => d with { Signature = d.Signature + ", " + d.Signature }), HttpStatusCode.BadRequest, "X-Hub-Signature-256"),

        ["body over the size limit"] = (() => Delivery.Signed("pull_request", OpenedJson()[..^1] + ",\"padding\":\"" + new string('x', 2 << 20) + "\"}", Secret), HttpStatusCode.RequestEntityTooLarge, ""),

        // Forged, tampered or unsigned: 401, whatever else is wrong.
        ["unsigned"] = (() => Opened() with { Signature = null }, HttpStatusCode.Unauthorized, "unsigned"),
        ["signature empty"] = (() => Opened() with { Signature = "" }, HttpStatusCode.Unauthorized, "unsigned"),
        ["signed with SHA-1 only"] = (() => AfterSigning(d => d with { Signature = null, Extra = [.. d.Extra, ("X-Hub-Signature", "sha1=" + new string('a', 40))] }), HttpStatusCode.Unauthorized, "unsigned"),
        ["signed with another secret"] = (() => Delivery.Signed("pull_request", OpenedJson(), "guess"), HttpStatusCode.Unauthorized, "does not match"),
        ["body changed after signing"] = (() => AfterSigning(d => d with { Body = Change(d.Body) }), HttpStatusCode.Unauthorized, "does not match"),
        ["body truncated after signing"] = (() => AfterSigning(d => d with { Body = d.Body[..^10] }), HttpStatusCode.Unauthorized, "does not match"),
        ["signature of another delivery"] = (() => Opened() with { Signature = Delivery.Signature256("{}"u8.ToArray(), Secret) }, HttpStatusCode.Unauthorized, "does not match"),
        ["unsigned without event header"] = (() => Opened() with { Signature = null, Event = null }, HttpStatusCode.Unauthorized, "unsigned"),
        ["unsigned with malformed delivery id"] = (() => Opened() with { Signature = null, Id = "x y" }, HttpStatusCode.Unauthorized, "unsigned"),
        ["forged and not JSON"] = (() => Delivery.Signed("pull_request", "{ not json", "guess"), HttpStatusCode.Unauthorized, "does not match"),
        ["forged without content type"] = (() => Delivery.Signed("pull_request", OpenedJson(), "guess") with { ContentType = null }, HttpStatusCode.Unauthorized, "does not match"),

        // Bodies (properly signed).
        ["body empty"] = (() => Delivery.Signed("pull_request", "", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body not JSON"] = (() => Delivery.Signed("pull_request", "{ not json", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body truncated"] = (() => Delivery.Signed("pull_request", OpenedJson()[..(OpenedJson().Length / 2)], Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body with trailing garbage"] = (() => Delivery.Signed("pull_request", OpenedJson() + "x", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body two documents"] = (() => Delivery.Signed("pull_request", "{}{}", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body not UTF-8"] = (() => Delivery.Signed("pull_request", [.. "{\"action\":\"opened\",\"x\":\""u8, 0xff, 0xfe, .. "\"}"u8], Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body nested too deep"] = (() => Delivery.Signed("pull_request", "{\"a\":" + new string('[', 200) + new string(']', 200) + "}", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["body an array"] = (() => Delivery.Signed("pull_request", "[]", Secret), HttpStatusCode.BadRequest, "JSON object"),
        ["body null"] = (() => Delivery.Signed("pull_request", "null", Secret), HttpStatusCode.BadRequest, "JSON object"),
        ["body a string"] = (() => Delivery.Signed("pull_request", "\"pull_request\"", Secret), HttpStatusCode.BadRequest, "JSON object"),
        ["unknown event, body not JSON"] = (() => Delivery.Signed("made_up_event", "<xml/>", Secret), HttpStatusCode.BadRequest, "not JSON"),
        ["action missing"] = (() => Opened(j => j.Remove("action")), HttpStatusCode.BadRequest, "action"),
        ["action a number"] = (() => Opened(j => j["action"] = 1), HttpStatusCode.BadRequest, "action"),
        ["installation without id"] = (() => Opened(j => j["installation"] = new JsonObject()), HttpStatusCode.BadRequest, "installation.id"),
        ["installation null"] = (() => Opened(j => j["installation"] = null), HttpStatusCode.BadRequest, "installation"),
        ["installation id a string"] = (() => Opened(j => j["installation"]!["id"] = "7"), HttpStatusCode.BadRequest, "installation.id"),
        ["installation id zero"] = (() => Opened(j => j["installation"]!["id"] = 0), HttpStatusCode.BadRequest, "installation.id"),
        ["installation id a fraction"] = (() => Opened(j => j["installation"]!["id"] = 7.5), HttpStatusCode.BadRequest, "installation.id"),
        ["installation id too large"] = (() => Opened(j => j["installation"]!["id"] = JsonNode.Parse("1e40")), HttpStatusCode.BadRequest, "installation.id"),
        ["repository missing"] = (() => Opened(j => j.Remove("repository")), HttpStatusCode.BadRequest, "repository"),
        ["repository owner missing"] = (() => Opened(j => j["repository"]!.AsObject().Remove("owner")), HttpStatusCode.BadRequest, "repository.owner"),
        ["repository owner login null"] = (() => Opened(j => j["repository"]!["owner"]!["login"] = null), HttpStatusCode.BadRequest, "repository.owner.login"),
        ["repository name a number"] = (() => Opened(j => j["repository"]!["name"] = 42), HttpStatusCode.BadRequest, "repository.name"),
        ["repository name a path"] = (() => Opened(j => j["repository"]!["name"] = "../../orgs/acme"), HttpStatusCode.BadRequest, "repository.name"),
        ["pull request missing"] = (() => Opened(j => j.Remove("pull_request")), HttpStatusCode.BadRequest, "pull_request"),
        ["pull request an array"] = (() => Opened(j => j["pull_request"] = new JsonArray()), HttpStatusCode.BadRequest, "pull_request"),
        ["pull request number missing"] = (() => Opened(j => j["pull_request"]!.AsObject().Remove("number")), HttpStatusCode.BadRequest, "pull_request.number"),
        ["pull request number a string"] = (() => Opened(j => j["pull_request"]!["number"] = "2"), HttpStatusCode.BadRequest, "pull_request.number"),
        ["pull request number negative"] = (() => Opened(j => j["pull_request"]!["number"] = -2), HttpStatusCode.BadRequest, "pull_request.number"),
        ["pull request number too large"] = (() => Opened(j => j["pull_request"]!["number"] = 1L << 40), HttpStatusCode.BadRequest, "pull_request.number"),
        ["an issue's body under pull_request"] = (() => Opened(j => { j["issue"] = j["pull_request"]!.DeepClone(); j.Remove("pull_request"); }), HttpStatusCode.BadRequest, "pull_request"),
        ["closed, merged not a boolean"] = (() => Signed("pull_request", "pull_request.closed.json", j => j["pull_request"]!["merged"] = "yes"), HttpStatusCode.BadRequest, "pull_request.merged"),
        ["review without pull request"] = (() => Signed("pull_request_review", "pull_request_review.submitted.json", j => j.Remove("pull_request")), HttpStatusCode.BadRequest, "pull_request"),
        ["command comment without comment"] = (() => Command(j => j.Remove("comment")), HttpStatusCode.BadRequest, "comment"),
        ["command comment without user"] = (() => Command(j => j["comment"]!.AsObject().Remove("user")), HttpStatusCode.BadRequest, "comment.user"),
        ["command comment without user id"] = (() => Command(j => j["comment"]!["user"]!.AsObject().Remove("id")), HttpStatusCode.BadRequest, "comment.user.id"),
        ["command comment without issue number"] = (() => Command(j => j["issue"]!.AsObject().Remove("number")), HttpStatusCode.BadRequest, "issue.number"),
        ["command comment with a numeric body"] = (() => Command(j => j["comment"]!["body"] = 42), HttpStatusCode.BadRequest, "comment.body"),

        // Well-formed deliveries GitJit does not act on, and spellings it accepts.
        ["ping"] = (() => Signed("ping", "ping.json", _ => { }), HttpStatusCode.OK, ""),
        ["unknown event"] = (() => Delivery.Signed("made_up_event", "{\"action\":\"happened\"}", Secret), HttpStatusCode.OK, ""),
        ["action not acted on, sparse body"] = (() => Delivery.Signed("pull_request", "{\"action\":\"labeled\"}", Secret), HttpStatusCode.OK, ""),
        ["repository webhook (no installation)"] = (() => Opened(j => j.Remove("installation")), HttpStatusCode.OK, ""),
        ["comment on an issue"] = (() => Command(j => j["issue"]!.AsObject().Remove("pull_request")), HttpStatusCode.OK, ""),
        ["command from a bot"] = (() => Command(j => j["comment"]!["user"]!["type"] = "Bot"), HttpStatusCode.OK, ""),
        ["signature in capitals"] = (() => AfterSigning(d => d with { Signature = "sha256=" + d.Signature![7..].ToUpperInvariant() }), HttpStatusCode.OK, ""),
        ["content type with charset"] = (() => Opened() with { ContentType = "Application/JSON; charset=UTF-8" }, HttpStatusCode.OK, ""),
        ["valid"] = (() => Opened(), HttpStatusCode.OK, ""),
    };

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases.Keys)
        {
            foreach (var variant in new[] { "HTTP/1.1 GitHub", "HTTP/1.1 lower", "HTTP/1.1 upper", "HTTP/2" }) data.Add(name, variant);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Delivery_IsAnswered_WithItsStatusAndReason(string name, string variant)
    {
        var (make, status, reason) = Cases[name];
        var delivery = make();
        var (version, casing) = variant switch
        {
            "HTTP/2" => (HttpVersion.Version20, HeaderCasing.Lower),
            "HTTP/1.1 lower" => (HttpVersion.Version11, HeaderCasing.Lower),
            "HTTP/1.1 upper" => (HttpVersion.Version11, HeaderCasing.Upper),
            _ => (HttpVersion.Version11, HeaderCasing.GitHub),
        };
        var jobs = JobIds();

        var answer = await delivery.SendAsync(fixture.Http, version == HttpVersion.Version20 ? fixture.Server.H2cWebhookUrl : fixture.Server.WebhookUrl, version, casing);

        Assert.True(answer.Status == status, $"{name} over {variant}: {(int)answer.Status} {answer.Text}");
        Assert.Contains(reason, answer.Text, StringComparison.Ordinal);
        Assert.Equal(version, answer.Version);
        if (status != HttpStatusCode.OK) Assert.Empty(JobIds().Except(jobs));
    }

    private static Delivery Opened(Action<JsonObject>? change = null) => Signed("pull_request", "pull_request.opened.json", change ?? (_ => { }));

    /// <summary>The signed delivery of a pull request opened in acme/access, changed after signing.</summary>
    private static Delivery AfterSigning(Func<Delivery, Delivery> change) => change(Opened());

    private static string OpenedJson() => Json("pull_request.opened.json", _ => { });

    /// <summary>A <c>/gitjit plan</c> comment on a pull request, by a person.</summary>
    private static Delivery Command(Action<JsonObject> change) => Signed("issue_comment", "issue_comment.created.json", j =>
    {
        j["issue"]!["pull_request"] = new JsonObject { ["url"] = "https://api.github.com/repos/acme/access/pulls/2" };
        j["comment"]!["body"] = "/gitjit plan";
        change(j);
    });

    private static Delivery Signed(string eventName, string payload, Action<JsonObject> change) => Delivery.Signed(eventName, Json(payload, change), Secret);

    /// <summary>A recorded payload for acme/access on the world's installation, changed by <paramref name="change"/>.</summary>
    private static string Json(string payload, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", payload)))!.AsObject();
        if (json["installation"] is JsonObject installation) installation["id"] = FlowWorld.InstallationId;
        if (json["repository"] is JsonObject repository)
        {
            repository["name"] = "access";
            repository["owner"]!["login"] = "acme";
        }
        change(json);
        return json.ToJsonString();
    }

    private static byte[] Change(byte[] body)
    {
        var changed = body.ToArray();
        var at = Encoding.UTF8.GetString(changed).IndexOf("\"number\":2", StringComparison.Ordinal) + "\"number\":".Length;
        changed[at] = (byte)'3';
        return changed;
    }

    /// <summary>
    /// The ids of the jobs made for deliveries (not the recurring ones), in every state and queue. The state lists are
    /// read one after another while earlier deliveries' jobs move between them, so readings are joined until one adds
    /// nothing: a refused delivery is proven to have queued nothing by no id that was not there before (a count could
    /// shrink while a job is between two lists, and did).
    /// </summary>
    private HashSet<string> JobIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        bool added;
        do
        {
            added = false;
            foreach (var id in Read()) added |= ids.Add(id);
        }
        while (added);
        return ids;
    }

    private List<string> Read()
    {
        var monitoring = fixture.Server.Jobs.GetMonitoringApi();
        var queues = monitoring.Queues().Select(q => q.Name).ToList();
        return [.. monitoring.ScheduledJobs(0, 1000).Select(j => (j.Key, j.Value.Job))
            .Concat(queues.SelectMany(q => monitoring.EnqueuedJobs(q, 0, 1000).Select(j => (j.Key, j.Value.Job))))
            .Concat(queues.SelectMany(q => monitoring.FetchedJobs(q, 0, 1000).Select(j => (j.Key, j.Value.Job))))
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Concat(monitoring.SucceededJobs(0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Concat(monitoring.DeletedJobs(0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Where(j => !ServerUnderTest.IsRecurring(j.Job))
            .Select(j => j.Key)];
    }
}
