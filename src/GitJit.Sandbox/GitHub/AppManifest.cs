using System.Text.Json;
using System.Text.RegularExpressions;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A GitHub App manifest as the browser posts it to <c>/settings/apps/new</c>, checked as GitHub checks it: a JSON
/// object with a <c>name</c> (at most 34 characters) and a homepage <c>url</c>; a <c>hook_attributes.url</c> when
/// hook attributes are given; absolute http(s) addresses; permissions <c>read</c>, <c>write</c> or <c>admin</c>;
/// events as strings. Every problem is listed, not only the first.
/// </summary>
internal sealed partial record AppManifest(
    string Name,
    Uri Url,
    string Description,
    Uri? WebhookUrl,
    bool WebhookActive,
    Uri? RedirectUrl,
    Uri? SetupUrl,
    IReadOnlyList<Uri> CallbackUrls,
    IReadOnlyDictionary<string, string> Permissions,
    IReadOnlyList<string> Events,
    bool Public)
{
    public const int MaxNameLength = 34;

    /// <summary>The manifest, or null and the problems GitHub would list.</summary>
    public static AppManifest? Read(string? json, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        if (string.IsNullOrWhiteSpace(json))
        {
            found.Add("The manifest is missing.");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            found.Add("The manifest is not valid JSON.");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                found.Add("The manifest must be a JSON object.");
                return null;
            }

            var name = String(root, "name", found);
            if (string.IsNullOrWhiteSpace(name)) found.Add("Name can't be blank.");
            else if (name.Length > MaxNameLength) found.Add($"Name is too long (maximum is {MaxNameLength} characters).");
            var url = Address(root, "url", found, required: true);
            Uri? webhookUrl = null;
            var webhookActive = false;
            if (root.TryGetProperty("hook_attributes", out var hook) && hook.ValueKind != JsonValueKind.Null)
            {
                if (hook.ValueKind != JsonValueKind.Object)
                {
                    found.Add("hook_attributes must be an object.");
                }
                else
                {
                    webhookUrl = Address(hook, "url", found, required: true, field: "hook_attributes.url");
                    webhookActive = !hook.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.False;
                }
            }

            var redirectUrl = Address(root, "redirect_url", found, required: false);
            var setupUrl = Address(root, "setup_url", found, required: false);
            var callbackUrls = new List<Uri>();
            if (root.TryGetProperty("callback_urls", out var callbacks) && callbacks.ValueKind != JsonValueKind.Null)
            {
                if (callbacks.ValueKind != JsonValueKind.Array)
                {
                    found.Add("callback_urls must be an array.");
                }
                else
                {
                    foreach (var callback in callbacks.EnumerateArray())
                    {
                        if (callback.ValueKind == JsonValueKind.String && IsWebAddress(callback.GetString(), out var uri)) callbackUrls.Add(uri);
                        else found.Add("callback_urls must hold absolute http(s) addresses.");
                    }
                    if (callbackUrls.Count > 10) found.Add("callback_urls holds more than 10 addresses.");
                }
            }

            var permissions = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("default_permissions", out var granted) && granted.ValueKind != JsonValueKind.Null)
            {
                if (granted.ValueKind != JsonValueKind.Object)
                {
                    found.Add("default_permissions must be an object.");
                }
                else
                {
                    foreach (var permission in granted.EnumerateObject())
                    {
                        var level = permission.Value.ValueKind == JsonValueKind.String ? permission.Value.GetString() : null;
                        if (!PermissionName().IsMatch(permission.Name)) found.Add($"Default permission \"{permission.Name}\" is not a permission.");
                        else if (level is not ("read" or "write" or "admin")) found.Add($"Default permission {permission.Name} must be read, write or admin.");
                        else permissions[permission.Name] = level;
                    }
                }
            }

            var events = new List<string>();
            if (root.TryGetProperty("default_events", out var subscribed) && subscribed.ValueKind != JsonValueKind.Null)
            {
                if (subscribed.ValueKind != JsonValueKind.Array)
                {
                    found.Add("default_events must be an array.");
                }
                else
                {
                    foreach (var @event in subscribed.EnumerateArray())
                    {
                        if (@event.ValueKind == JsonValueKind.String && PermissionName().IsMatch(@event.GetString()!)) events.Add(@event.GetString()!);
                        else found.Add("default_events must hold event names.");
                    }
                }
            }

            var description = String(root, "description", found) ?? "";
            var isPublic = root.TryGetProperty("public", out var visibility) && visibility.ValueKind == JsonValueKind.True;
            if (found.Count > 0) return null;
            return new AppManifest(name!.Trim(), url!, description, webhookUrl, webhookActive, redirectUrl, setupUrl, callbackUrls, permissions, events, isPublic);
        }
    }

    /// <summary>The slug GitHub makes of a name: lower case, runs of other characters as one hyphen.</summary>
    public static string SlugOf(string name) => NotSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');

    private static string? String(JsonElement root, string field, List<string> problems)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        problems.Add($"{field} must be a string.");
        return null;
    }

    private static Uri? Address(JsonElement root, string name, List<string> problems, bool required, string? field = null)
    {
        var text = String(root, name, problems);
        if (text is null)
        {
            if (required) problems.Add($"{field ?? name} can't be blank.");
            return null;
        }
        if (IsWebAddress(text, out var uri)) return uri;
        problems.Add($"{field ?? name} must be an absolute http(s) address.");
        return null;
    }

    private static bool IsWebAddress(string? text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^[a-z][a-z_]*$")]
    private static partial Regex PermissionName();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
