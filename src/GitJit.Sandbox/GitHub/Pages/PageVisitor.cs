namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>Who is looking at a page: the login their <c>user_session</c> cookie signed in (null: nobody) and the token their forms carry.</summary>
internal sealed record PageVisitor(string? Login, string? FormToken)
{
    public bool IsSignedIn => Login is not null;
}
