namespace Gastown.Browser.Tests;

public sealed class SignInTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task A_bad_token_is_refused_at_its_field_and_the_good_one_opens_the_towns()
    {
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Gastown" })).ToBeVisibleAsync();
        await CheckPageAsync("sign-in");

        await Page.GetByLabel("API token").FillAsync("gt_not-a-real-token");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("[data-field=token] .field-error")).ToHaveTextAsync("The server does not know this token.");
        await Expect(Page.GetByLabel("API token")).ToHaveAttributeAsync("aria-invalid", "true");
        (await Page.EvaluateAsync<string?>("() => localStorage.getItem('gastown.token')")).ShouldBeNull();
        await CheckPageAsync("sign-in-refused");

        await Page.GetByLabel("API token").FillAsync(AdminToken);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Towns", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByText("No towns yet")).ToBeVisibleAsync();
        // A sandboxed server (bubblewrap, as every test server here) shows no sandbox warning.
        await Expect(Page.Locator("#sandbox-warning")).ToBeHiddenAsync();
        await CheckPageAsync("towns");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Gastown" })).ToBeVisibleAsync();
        (await Page.EvaluateAsync<string?>("() => localStorage.getItem('gastown.token')")).ShouldBeNull();
    }
}
