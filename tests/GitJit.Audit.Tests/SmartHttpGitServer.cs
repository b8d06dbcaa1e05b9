using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitJit.Audit.Tests;

/// <summary>
/// Git's own smart HTTP server (<c>git http-backend</c> as CGI) on loopback, serving the bare repositories in a
/// folder to clients that send HTTP basic credentials <c>x-access-token:&lt;token&gt;</c>, as GitHub does.
/// </summary>
internal sealed class SmartHttpGitServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly string root;
    private readonly string token;
    private readonly Task serving;

    public SmartHttpGitServer(string root, string token)
    {
        this.root = root;
        this.token = token;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>The Authorization headers received, in order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        // Close, not Dispose: disposing a response drops the connection, and clients reuse it.
        try
        {
            await RespondAsync(context);
        }
        finally
        {
            context.Response.Close();
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var authorization = context.Request.Headers["Authorization"];
        Authorizations.Enqueue(authorization);
        if (authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token)))
        {
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
            response.ContentLength64 = 0;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var start = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_PROJECT_ROOT"] = root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REMOTE_USER"] = "x-access-token";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        start.Environment["REQUEST_METHOD"] = context.Request.HttpMethod;
        start.Environment["PATH_INFO"] = context.Request.Url!.AbsolutePath;
        start.Environment["QUERY_STRING"] = context.Request.Url.Query.TrimStart('?');
        start.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        start.Environment["CONTENT_LENGTH"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers["Content-Encoding"] is { } encoding) start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (context.Request.Headers["Git-Protocol"] is { } protocol) start.Environment["GIT_PROTOCOL"] = protocol;

        using var backend = Process.Start(start)!;
        var output = new MemoryStream();
        var reading = backend.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = backend.StandardError.ReadToEndAsync();
        await backend.StandardInput.BaseStream.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
        backend.StandardInput.Close();
        await reading;
        await errors;
        await backend.WaitForExitAsync();

        // CGI: headers, a blank line, the body.
        var bytes = output.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var (headerLength, separator) = split >= 0 ? (split, 4) : (bytes.AsSpan().IndexOf("\n\n"u8), 2);
        foreach (var line in Encoding.ASCII.GetString(bytes, 0, Math.Max(headerLength, 0)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) response.StatusCode = int.Parse(value[..3], System.Globalization.CultureInfo.InvariantCulture);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.ContentType = value;
            else response.AddHeader(name, value);
        }
        var content = bytes.AsMemory(headerLength + separator);
        response.ContentLength64 = content.Length;
        await response.OutputStream.WriteAsync(content);
    }
}
