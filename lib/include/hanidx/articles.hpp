// hanidx/articles.hpp - stage 2b: a multi-article file (a "dump") -> its articles.
//
// News is often distributed as one file holding many articles: JSON Lines
// crawls, SogouCS/SogouCA and TREC-style <doc> collections, Reuters-21578
// SGML, RSS and Atom feeds. Each article becomes a document of its own,
// addressed "FILE#N" (N its 1-based position in the file).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hanidx {

/// The layout of a multi-article file.
enum class DumpFormat {
    None,       ///< not a dump: one file, one document
    JsonLines,  ///< one JSON object per line (.jsonl, .ndjson)
    Docs,       ///< <doc>...</doc> collections: SogouCS/SogouCA, TREC/NTCIR <DOC><DOCNO><TEXT>
    Reuters,    ///< Reuters-21578 SGML: <REUTERS NEWID=..><DATE><TITLE><DATELINE><BODY>
    Feed,       ///< RSS 2.0 / RSS 1.0 <item>, Atom <entry>
};

/// The name of @p f as the documentation and `detect` print it ("jsonl", "docs", ...).
std::string_view dump_format_name(DumpFormat f);

/** Which JSON fields hold what, for JSON Lines dumps. An empty name means: the
 *  first present of the common spellings (title: title, headline; body: body,
 *  text, content, article; date: date, published, pubdate, timestamp; url:
 *  url, link, id). A name may reach into nested objects with dots
 *  ("meta.published").
 */
struct DumpOptions {
    std::string json_title, json_body, json_date, json_url;

    /** Set the names from "title=headline,body=story,date=meta.time,url=link".
     *  @throws std::invalid_argument naming the bad part.
     */
    void set_json_fields(std::string_view spec);
};

/// One article of a dump.
struct Article {
    std::size_t number = 0;  ///< 1-based position in the file
    /// The title as the first paragraph, a blank line, then the body (so the
    /// title is searchable and offsets point into what `show` prints).
    std::string text;
    std::string title;
    std::string date;         ///< ISO 8601 (YYYY-MM-DD, or YYYY-MM / YYYY when that is all it says), or empty
    std::string date_source;  ///< "field" (the dump's date field), "url" (a date in its URL), or empty
    /// Other fields, lower-case names, in file order; a name may repeat
    /// (Reuters "topics"). "url", "docno", "newid", "topics", "places", ...
    std::vector<std::pair<std::string, std::string>> fields;
    /// Non-empty for a malformed article ("invalid JSON: ...", "unclosed
    /// <doc> element"): the other members are then empty.
    std::string error;
};

/** The dump layout of a file, from its first bytes (raw or decoded: the
 *  markers are ASCII) and its name. None for anything else, including a
 *  single JSON document or an ordinary HTML page.
 *  @param head  the file's first bytes (64 KiB are plenty).
 *  @param name  the file name, a hint (".jsonl" and ".ndjson" are JSON Lines
 *               when the first line is an object); may be empty.
 */
DumpFormat sniff_dump(std::string_view head, std::string_view name = {});

/** Split decoded UTF-8 @p text of layout @p format into articles, handing
 *  each to @p sink in file order (so a large dump never has all its
 *  articles in memory at once). A malformed article comes with
 *  Article::error set, and the split goes on with the next one. @p sink
 *  returns false to stop early. Never throws for bad data.
 *  @return the number of articles (including malformed ones) handed over.
 */
std::size_t split_articles(std::string_view text, DumpFormat format, const DumpOptions& options,
                           const std::function<bool(Article&&)>& sink);

/// split_articles() into a vector.
std::vector<Article> split_articles(std::string_view text, DumpFormat format, const DumpOptions& options = {});

/** The date a dump's date field states, as ISO 8601, or empty:
 *  "2012-05-09T10:00:00+0900", "20120509", "880318" (TREC YYMMDD),
 *  "19-OCT-1987 15:37:46.03" (Reuters), "Wed, 09 May 2012 10:00:00 GMT"
 *  (RSS), Unix seconds or milliseconds, and whatever find_date() reads.
 */
std::string parse_field_date(std::string_view value);

/** The date in a news URL's path ("/20120612/", "/2012-06-12/",
 *  "/2012/06/12/", "/2012/0612/"), or empty.
 */
std::string date_from_url(std::string_view url);

/// The path of article @p number of @p file: "FILE#N".
std::string article_path(std::string_view file, std::size_t number);

/** The file part of an article's path "FILE#N" (N digits, no leading zero),
 *  or @p path itself when it has no such suffix; @p number, if given, gets N.
 */
std::string_view article_file(std::string_view path, std::size_t* number = nullptr);

}  // namespace hanidx
