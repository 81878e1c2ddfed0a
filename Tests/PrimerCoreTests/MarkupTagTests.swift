import Testing

@testable import PrimerCore

/// Tags as the link checks and the search index read them, written by
/// Primer or by an author.
@Suite("Reading HTML tags")
struct MarkupTagTests {
    @Test("names and attributes in any case, quoted either way or not at all; a '>' inside quotes")
    func attributes() throws {
        let bytes = Array(#"<IMG SRC=images/a.png alt='x > y' data-x="1" hidden/>rest"#.utf8)
        let tag = try #require(MarkupTag.read(bytes, at: 0))
        #expect(tag.name == "img" && !tag.isClosing && tag.isSelfClosing)
        #expect(tag.attributes.map(\.name) == ["src", "alt", "data-x", "hidden"])
        #expect(tag.value(of: "src") == "images/a.png")
        #expect(tag.value(of: "alt") == "x > y")
        #expect(String(decoding: bytes[tag.end...], as: UTF8.self) == "rest")
    }

    @Test("end tags, comments, and a '<' that starts no tag")
    func others() throws {
        #expect(try #require(MarkupTag.read(Array("</h2 >".utf8), at: 0)).isClosing)
        #expect(MarkupTag.read(Array("< 3".utf8), at: 0) == nil)
        #expect(MarkupTag.read(Array("<a href=".utf8), at: 0) == nil)
        #expect(MarkupTag.endOfComment(in: Array("<!-- <a> -->x".utf8), at: 0) == 12)
    }

    @Test("the link checks read unquoted paths whole, and nothing in comments")
    func linkValues() {
        #expect(
            LinkChecker.attributeValues(named: ["href"], in: "<a href=en/a.html>a</a><!-- <a href=\"no\"> --><a href='b&amp;c'>") == [
                "en/a.html", "b&c",
            ])
    }
}
