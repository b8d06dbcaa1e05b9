using System.Text;

namespace GitJit.Server.Tests;

/// <summary>Forms posted to the pages that are not forms, or broken ones: a 4xx with a reason, never a 500.</summary>
public sealed class MalformedFormTests : ServerFlowTests
{
    /// <summary>Plain HTTP, as the tests speak it: an https PublicUrl would make the server refuse every form over http first.</summary>
    protected override void AdjustSettings(Dictionary<string, string?> settings) => settings["GitJit:PublicUrl"] = "http://gitjit.example.test/";

    public static TheoryData<string, string, string> Posts() => new()
    {
        { "/signout", "text/plain", "hello" },
        { "/signout", "application/x-www-form-urlencoded", "%%%=%zz&&=" },
        { "/signout", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nno end" },
        { "/signout", "multipart/form-data", "--x\r\n" },
        { "/signout", "multipart/form-data; boundary=\"", "" },
        { "/signout", "application/x-www-form-urlencoded; charset=nonsense-7", "a=b" },
        { "/signout", "application/json", "{" },
        { "/signout", "", "" },
        { "/grants/acme/access/1/reveal", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nno end" },
        { "/grants/acme/access/1/reveal", "application/x-www-form-urlencoded", "__RequestVerificationToken=%ZZ" },
        { "/grants/acme/access/1/revoke", "text/plain", "x" },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task ABrokenForm_IsAClientError_WithAReason_NeverAServerError(string path, string contentType, string body)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.PostAsync(new Uri(Server.Address, path), content);

        Assert.True((int)response.StatusCode is >= 300 and < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if ((int)response.StatusCode >= 400) Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }
}
