#include "lang/lexer.h"

#include <cctype>
#include <cstdio>

#include "common/utf8.h"
#include "lang/limits.h"

namespace og::lang {

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "end of input";
    case TokenKind::kIdent: return "identifier";
    case TokenKind::kTypeName: return "type name";
    case TokenKind::kVariable: return "variable";
    case TokenKind::kInteger: return "integer";
    case TokenKind::kFloat: return "float";
    case TokenKind::kString: return "string";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kComma: return "','";
    case TokenKind::kColon: return "':'";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kDotDot: return "'..'";
    case TokenKind::kQuestion: return "'?'";
    case TokenKind::kAt: return "'@'";
    case TokenKind::kArrow: return "'->'";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kLe: return "'<='";
    case TokenKind::kGe: return "'>='";
    case TokenKind::kEq: return "'='";
    case TokenKind::kNe: return "'!='";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSemicolon: return "';'";
  }
  return "token";
}

namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& file) : src_(src), file_(file) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      bool space = false, newline = false;
      OG_RETURN_NOT_OK(SkipSpaceAndComments(&space, &newline));
      Token tok;
      tok.line = line_;
      tok.column = col_;
      tok.offset = pos_;
      tok.space_before = space || out.empty();
      tok.newline_before = newline;
      if (pos_ >= src_.size()) {
        tok.kind = TokenKind::kEnd;
        out.push_back(std::move(tok));
        return out;
      }
      OG_RETURN_NOT_OK(Next(&tok));
      out.push_back(std::move(tok));
    }
  }

 private:
  Status Error(int line, int col, const std::string& msg) const {
    return Status::AtSource(SourceSpan{file_, line, col, ""}, "parse error: " + msg);
  }

  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }

  void Advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else if ((static_cast<unsigned char>(src_[pos_]) & 0xC0) != 0x80) {
      ++col_;  // count code points, not UTF-8 continuation bytes
    }
    ++pos_;
  }

  Status SkipSpaceAndComments(bool* space, bool* newline) {
    while (pos_ < src_.size()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (c == '\n') *newline = true;
        *space = true;
        Advance();
      } else if (c == '/' && Peek(1) == '/') {
        while (pos_ < src_.size() && Peek() != '\n') Advance();
        *space = true;
      } else if (c == '/' && Peek(1) == '*') {
        int l = line_, cl = col_;
        Advance();
        Advance();
        while (pos_ < src_.size() && !(Peek() == '*' && Peek(1) == '/')) {
          if (Peek() == '\n') *newline = true;
          Advance();
        }
        if (pos_ >= src_.size()) return Error(l, cl, "unterminated comment");
        Advance();
        Advance();
        *space = true;
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Status CheckNameLength(const Token& tok, size_t start) const {
    if (pos_ - start <= kMaxIdentifierBytes) return Status::OK();
    return Error(tok.line, tok.column,
                 "name longer than " + std::to_string(kMaxIdentifierBytes) + " characters");
  }

  Status Next(Token* tok) {
    char c = Peek();
    size_t start = pos_;
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (pos_ < src_.size() && IsWordChar(Peek())) Advance();
      OG_RETURN_NOT_OK(CheckNameLength(*tok, start));
      tok->text = std::string(src_.substr(start, pos_ - start));
      tok->kind = std::isupper(static_cast<unsigned char>(c)) ? TokenKind::kTypeName : TokenKind::kIdent;
      return Status::OK();
    }
    if (c == '$') {
      Advance();
      char d = Peek();
      if (!(std::isalpha(static_cast<unsigned char>(d)) || d == '_')) {
        return Error(tok->line, tok->column, "expected a variable name after '$'");
      }
      size_t name_start = pos_;
      while (pos_ < src_.size() && IsWordChar(Peek())) Advance();
      OG_RETURN_NOT_OK(CheckNameLength(*tok, name_start));
      tok->text = std::string(src_.substr(name_start, pos_ - name_start));
      tok->kind = TokenKind::kVariable;
      return Status::OK();
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
      tok->kind = TokenKind::kInteger;
      if (Peek() == '.' && std::isdigit(static_cast<unsigned char>(Peek(1)))) {
        Advance();
        while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
        tok->kind = TokenKind::kFloat;
      }
      tok->text = std::string(src_.substr(start, pos_ - start));
      return Status::OK();
    }
    if (c == '"') return LexString(tok);

    auto one = [&](TokenKind k, int len) {
      for (int i = 0; i < len; ++i) Advance();
      tok->kind = k;
      tok->text = std::string(src_.substr(start, len));
      return Status::OK();
    };
    switch (c) {
      case '{': return one(TokenKind::kLBrace, 1);
      case '}': return one(TokenKind::kRBrace, 1);
      case '(': return one(TokenKind::kLParen, 1);
      case ')': return one(TokenKind::kRParen, 1);
      case '[': return one(TokenKind::kLBracket, 1);
      case ']': return one(TokenKind::kRBracket, 1);
      case ',': return one(TokenKind::kComma, 1);
      case ':': return one(TokenKind::kColon, 1);
      case ';': return one(TokenKind::kSemicolon, 1);
      case '?': return one(TokenKind::kQuestion, 1);
      case '@': return one(TokenKind::kAt, 1);
      case '*': return one(TokenKind::kStar, 1);
      case '.': return Peek(1) == '.' ? one(TokenKind::kDotDot, 2) : one(TokenKind::kDot, 1);
      case '-': return Peek(1) == '>' ? one(TokenKind::kArrow, 2) : one(TokenKind::kMinus, 1);
      case '<': return Peek(1) == '=' ? one(TokenKind::kLe, 2) : one(TokenKind::kLt, 1);
      case '>': return Peek(1) == '=' ? one(TokenKind::kGe, 2) : one(TokenKind::kGt, 1);
      case '=': return one(TokenKind::kEq, 1);
      case '!':
        if (Peek(1) == '=') return one(TokenKind::kNe, 2);
        break;
      default:
        break;
    }
    size_t len = Utf8SequenceLength(src_.substr(pos_));
    return Error(tok->line, tok->column,
                 "unexpected character " + QuoteName(src_.substr(pos_, len == 0 ? 1 : len)));
  }

  Status LexString(Token* tok) {
    Advance();  // opening quote
    std::string value;
    while (true) {
      if (pos_ >= src_.size()) return Error(tok->line, tok->column, "unterminated string literal");
      char c = Peek();
      if (c == '"') {
        Advance();
        break;
      }
      if (c == '\\') {
        int l = line_, cl = col_;
        Advance();
        if (pos_ >= src_.size()) return Error(tok->line, tok->column, "unterminated string literal");
        char e = Peek();
        switch (e) {
          case '"': value.push_back('"'); break;
          case '\\': value.push_back('\\'); break;
          case 'n': value.push_back('\n'); break;
          case 'r': value.push_back('\r'); break;
          case 't': value.push_back('\t'); break;
          default:
            return Error(l, cl, std::string("unsupported escape sequence '\\") + e + "'");
        }
        Advance();
        continue;
      }
      value.push_back(c);
      Advance();
    }
    tok->kind = TokenKind::kString;
    tok->text = std::move(value);
    return Status::OK();
  }

  std::string_view src_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view source, const std::string& file) {
  if (source.size() > kMaxSourceBytes) {
    return Status::AtSource(SourceSpan{file, 0, 0, ""},
                            "source of " + std::to_string(source.size()) +
                                " bytes is larger than the limit of " +
                                std::to_string(kMaxSourceBytes) + " bytes");
  }
  // Validate the encoding first, so every token, message and stored text is valid UTF-8.
  if (auto bad = FindInvalidUtf8(source)) {
    int line = 1, col = 1;
    for (size_t i = 0; i < *bad; ++i) {
      if (source[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    char byte[8];
    std::snprintf(byte, sizeof(byte), "0x%02X", static_cast<unsigned char>(source[*bad]));
    return Status::AtSource(SourceSpan{file, line, col, ""},
                            std::string("parse error: invalid UTF-8 (byte ") + byte + ")");
  }
  return Lexer(source, file).Run();
}

}  // namespace og::lang
