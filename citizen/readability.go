package citizen

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// Plain language (issue #19, item 5; seed 002, result "Información pública
// en lenguaje claro e inclusivo"). Readability measures a Spanish text with
// the Szigriszt-Pazos perspicuity formula and reads it on the INFLESZ
// scale (Barrio-Cantalejo et al., "Validación de la Escala INFLESZ para
// evaluar la legibilidad de los textos dirigidos a pacientes", Anales del
// Sistema Sanitario de Navarra 31(2), 2008):
//
//	P = 206.835 − 62.3 · syllables/words − words/sentences
//
//	score      band
//	< 40       muy difícil (very difficult)
//	40 – 54    algo difícil (somewhat difficult)
//	55 – 64    normal
//	65 – 79    bastante fácil (fairly easy)
//	≥ 80       muy fácil (very easy)
//
// The texts the agency publishes through this process (service guidelines
// when approved, the description of an offer item when an adjustment
// proposes it) are refused below plain_language.min_score, 55 by default:
// the INFLESZ authors set 55 as the lowest score of a text fit for the
// general public (the "normal" band, that of the general press), while
// "bastante fácil" (65) would refuse most administrative Spanish that
// must name the law it rests on; an agency that wants it sets 65.

// DefaultMinReadability is the default lowest INFLESZ score of a published
// text (plain_language.min_score).
const DefaultMinReadability = 55

// PlainLanguageConf is the readability check of published texts.
type PlainLanguageConf struct {
	// MinScore is the lowest Szigriszt-Pazos score (INFLESZ scale, 0-100)
	// of a text the process publishes (default 55, the "normal" band).
	MinScore float64 `yaml:"min_score"`
}

// Band is a band of the INFLESZ scale.
type Band string

// The INFLESZ bands.
const (
	BandNone          Band = ""
	BandVeryDifficult Band = "very_difficult"
	BandSomewhatHard  Band = "somewhat_difficult"
	BandNormal        Band = "normal"
	BandFairlyEasy    Band = "fairly_easy"
	BandVeryEasy      Band = "very_easy"
)

// Label is the band's name for a reader.
func (b Band) Label(l relaciona.Lang) string {
	return process.Labels[Band]{
		BandVeryDifficult: {"muy difícil", "very difficult"},
		BandSomewhatHard:  {"algo difícil", "somewhat difficult"},
		BandNormal:        {"normal", "normal"},
		BandFairlyEasy:    {"bastante fácil", "fairly easy"},
		BandVeryEasy:      {"muy fácil", "very easy"},
	}.Or(l, b, [2]string{"sin texto", "no text"})
}

// BandOf returns the INFLESZ band of a score.
func BandOf(score float64) Band {
	switch {
	case score < 40:
		return BandVeryDifficult
	case score < 55:
		return BandSomewhatHard
	case score < 65:
		return BandNormal
	case score < 80:
		return BandFairlyEasy
	}
	return BandVeryEasy
}

// ReadingEase is the readability of a text: the Szigriszt-Pazos score,
// kept within 0-100 as the INFLESZ scale reads it, its band and the counts
// it comes from. A text without words has score 0 and no band.
type ReadingEase struct {
	Score     float64 `json:"score"`
	Band      Band    `json:"band"`
	Words     int     `json:"words"`
	Sentences int     `json:"sentences"`
	Syllables int     `json:"syllables"`
}

// Readability measures text (Spanish) with the Szigriszt-Pazos formula
// on the INFLESZ scale. Sentences end at . ! ? ; : … and line breaks (a
// point between digits, as in 1.500, ends none); words are runs of letters
// and digits; Syllables counts each word's syllables (at least one).
func Readability(text string) ReadingEase {
	var r ReadingEase
	for _, sent := range sentences(text) {
		ws := words(sent)
		if len(ws) == 0 {
			continue
		}
		r.Sentences++
		r.Words += len(ws)
		for _, w := range ws {
			r.Syllables += Syllables(w)
		}
	}
	if r.Words == 0 {
		return ReadingEase{}
	}
	p := 206.835 - 62.3*float64(r.Syllables)/float64(r.Words) - float64(r.Words)/float64(r.Sentences)
	r.Score = math.Round(math.Max(0, math.Min(100, p))*10) / 10
	r.Band = BandOf(r.Score)
	return r
}

// LongestSentences returns the n sentences of text with most words,
// longest first (ties in text order), each cut to 160 characters.
func LongestSentences(text string, n int) []string {
	type sw struct {
		s string
		n int
	}
	var all []sw
	for _, s := range sentences(text) {
		if w := len(words(s)); w > 0 {
			all = append(all, sw{strings.Join(strings.Fields(s), " "), w})
		}
	}
	slices.SortStableFunc(all, func(a, b sw) int { return b.n - a.n })
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		s := all[i].s
		if utf8.RuneCountInString(s) > 160 {
			s = string([]rune(s)[:159]) + "…"
		}
		out = append(out, s)
	}
	return out
}

// CheckPlainLanguage refuses a text to be published (field names it)
// whose readability is below plain_language.min_score, saying its score,
// band and longest sentences. An empty text passes: nothing is published.
func (s *Process) CheckPlainLanguage(field, text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	r := Readability(text)
	min := s.cfg.PlainLanguage.MinScore
	if r.Words == 0 || r.Score >= min {
		return nil
	}
	long := LongestSentences(text, 2)
	quoted := make([]string, len(long))
	for i, x := range long {
		quoted[i] = "«" + x + "»"
	}
	return invalid(s.lang, field,
		"el texto no está en lenguaje claro: puntaje INFLESZ %.1f (%s), por debajo del mínimo %s; acorte estas frases: %s",
		"the text is not in plain language: INFLESZ score %.1f (%s), below the minimum %s; shorten these sentences: %s",
		r.Score, r.Band.Label(s.lang), fmt.Sprint(min), strings.Join(quoted, "; "))
}

// sentences splits text at sentence ends.
func sentences(text string) []string {
	var out []string
	rs := []rune(text)
	start := 0
	for i, c := range rs {
		end := false
		switch c {
		case '!', '?', ';', '…', '\n', '\r':
			end = true
		case '.', ':':
			// 1.500 and 10:30 keep going.
			end = !(i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]))
		}
		if end {
			out = append(out, string(rs[start:i]))
			start = i + 1
		}
	}
	return append(out, string(rs[start:]))
}

// words splits a sentence into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
}

// Syllables counts the syllables of a Spanish word by its vowel nuclei:
// consecutive vowels make one syllable (a diphthong or triphthong) unless
// two open vowels (a, e, o) or a stressed close vowel (í, ú) meet, which
// is a hiatus (pa-ís, le-er, po-e-ta); the u of que, qui, gue and gui is
// silent (gü is not: pin-güi-no); y is a vowel at the end of a word or
// before a consonant (hoy, muy, y) and a consonant before a vowel (yo);
// h between vowels separates them (a-hí). A word without a vowel (an
// acronym, a number) counts one syllable.
func Syllables(word string) int {
	rs := []rune(strings.ToLower(word))
	n, prev := 0, rune(0) // prev: the last vowel of the current cluster, 0 after a consonant
	for i, c := range rs {
		v := isVowel(c)
		switch {
		case c == 'y':
			v = i+1 == len(rs) || !isVowel(rs[i+1]) && rs[i+1] != 'y'
			if v {
				c = 'i'
			}
		case c == 'u' && i > 0 && (rs[i-1] == 'q' || rs[i-1] == 'g' && i+1 < len(rs) && strings.ContainsRune("eiéí", rs[i+1])):
			v = false
		}
		if !v {
			prev = 0
			continue
		}
		if prev == 0 || isOpen(prev) && isOpen(c) {
			n++
		}
		prev = c
	}
	return max(n, 1)
}

func isVowel(c rune) bool { return strings.ContainsRune("aeiouáéíóúüàèìòù", c) }

// isOpen: a, e, o and a stressed i or u, which do not join another such
// vowel in one syllable.
func isOpen(c rune) bool { return strings.ContainsRune("aeoáéóíúàèòìù", c) }
