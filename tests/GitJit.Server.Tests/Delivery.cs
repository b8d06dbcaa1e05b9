using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace GitJit.Server.Tests;

/// <summary>How a delivery spells its header names.</summary>
public enum HeaderCasing
{
    /// <summary>As GitHub's Hookshot sends them over HTTP/1.1: <c>X-GitHub-Event</c>, <c>X-Hub-Signature-256</c>.</summary>
    GitHub,

    /// <summary>All lower case, as HTTP/2 always carries them and proxies such as Envoy forward them.</summary>
    Lower,

    /// <summary>All upper case.</summary>
    Upper,
}

/// <summary>
/// A webhook request as GitHub builds it, every part of which a test may change: a null header is left out. Build one
/// with <see cref="Signed(string, byte[], string)"/> and change it with <c>with</c>.
/// </summary>
internal sealed record Delivery(string? Event, string? Id, string? Signature, string? ContentType, byte[] Body)
{
    /// <summary>Further headers, as (name in GitHub's casing, value).</summary>
    public IReadOnlyList<(string Name, string Value)> Extra { get; init; } = [];

    public static Delivery Signed(string eventName, string json, string secret) => Signed(eventName, Encoding.UTF8.GetBytes(json), secret);

    public static Delivery Signed(string eventName, byte[] body, string secret) =>
        new(eventName, Guid.NewGuid().ToString(), Signature256(body, secret), "application/json", body)
        {
            Extra = [("User-Agent", "GitHub-Hookshot/044aadd"), ("X-GitHub-Hook-ID", "292430182"), ("X-GitHub-Hook-Installation-Target-ID", "79929171"), ("X-GitHub-Hook-Installation-Target-Type", "integration")],
        };

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of exactly <paramref name="body"/>.</summary>
    public static string Signature256(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The request, over exactly <paramref name="version"/> (HTTP/2 without TLS: prior knowledge).</summary>
    public HttpRequestMessage ToRequest(Uri url, Version version, HeaderCasing casing)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Body),
        };
        string Name(string name) => casing switch
        {
            HeaderCasing.Lower => name.ToLowerInvariant(),
            HeaderCasing.Upper => name.ToUpperInvariant(),
            _ => name,
        };
        void Add(string name, string? value)
        {
            if (value is not null) Assert.True(request.Headers.TryAddWithoutValidation(Name(name), value), name);
        }
        Add("X-GitHub-Event", Event);
        Add("X-GitHub-Delivery", Id);
        Add("X-Hub-Signature-256", Signature);
        foreach (var (name, value) in Extra) Add(name, value);
        // Content-Type is a header .NET knows: it always writes it as Content-Type over HTTP/1.1 (and content-type over HTTP/2).
        if (ContentType is not null) Assert.True(request.Content.Headers.TryAddWithoutValidation(Name("Content-Type"), ContentType));
        return request;
    }

    /// <summary>Sends this delivery with <paramref name="http"/> and reads the answer's status and text.</summary>
    public async Task<(HttpStatusCode Status, string Text, Version Version)> SendAsync(HttpClient http, Uri url, Version version, HeaderCasing casing = HeaderCasing.GitHub)
    {
        using var request = ToRequest(url, version, casing);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Version);
    }

    public override string ToString() => $"{Event} {Id} {Signature} {ContentType} ({Body.Length} bytes)";

    /// <summary>A client for deliveries; each request says its own HTTP version, and HTTP/2 needs no TLS with <c>RequestVersionExact</c>.</summary>
    public static HttpClient Client() => new();
}
