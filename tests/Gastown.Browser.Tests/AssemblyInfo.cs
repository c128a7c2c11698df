[assembly: AssemblyFixture(typeof(Gastown.Browser.Tests.Support.BrowserFixture))]
