import Testing

@Suite struct CLIBuildTests {
    @Test func testTargetBuilds() { #expect(1 + 1 == 2) }
}
