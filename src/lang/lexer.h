// Tokenizer shared by the .pg schema language and the .gq query language (languages.md §1.1, §2.1).
//
// Produces the whole token vector up front (sources are small). Whitespace and comments (`// ...`
// to end of line, `/* ... */` non-nesting) are skipped. Every token carries its 1-based line and
// column so parsers can report file:line:col. Keywords are not distinguished here: a word is an
// Ident (lower-case or `_` initial) or a TypeName (upper-case initial); parsers compare the text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace og::lang {

enum class TokenKind {
  kEnd,        // end of input
  kIdent,      // [a-z_][A-Za-z0-9_]*
  kTypeName,   // [A-Z][A-Za-z0-9_]*
  kVariable,   // $[a-z_][A-Za-z0-9_]*   (text excludes the '$')
  kInteger,    // [0-9]+
  kFloat,      // [0-9]+ "." [0-9]+
  kString,     // "..." with escapes resolved (text is the decoded value)
  kLBrace, kRBrace, kLParen, kRParen, kLBracket, kRBracket,
  kComma, kColon, kDot, kDotDot, kQuestion, kAt, kArrow,  // , : . .. ? @ ->
  kLt, kGt, kLe, kGe, kEq, kNe,                            // < > <= >= = !=
  kMinus, kStar, kSemicolon,
};

const char* TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // identifier/number spelling, decoded string value, or punctuation
  int line = 1;
  int column = 1;
  size_t offset = 0;  // byte offset of the token start in the source
  // True when whitespace or a comment separated this token from the previous one.
  bool space_before = false;
  // True when that separation contained a newline.
  bool newline_before = false;
};

/// Tokenize `source`. `file` is used only in error messages. Returns BadRequest with
/// file:line:col on invalid UTF-8, an unterminated string or comment, an unsupported escape, or a
/// stray character, and BadRequest for a source over kMaxSourceBytes (limits.h). Cost: O(n).
Result<std::vector<Token>> Tokenize(std::string_view source, const std::string& file);

}  // namespace og::lang
