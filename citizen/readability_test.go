package citizen

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestSyllablesOfSpanishWords checks the syllable counter against words
// counted by hand: diphthongs and triphthongs, hiatus of two open vowels
// or with a stressed i or u, the silent u of que, qui, gue and gui, gü, y
// as a vowel or a consonant, and h between vowels.
func TestSyllablesOfSpanishWords(t *testing.T) {
	tests := []struct {
		word string
		n    int
		why  string
	}{
		{"casa", 2, "ca-sa"},
		{"ciudad", 2, "ciu-dad: iu diphthong"},
		{"ciudadanía", 5, "ciu-da-da-ní-a: í-a hiatus"},
		{"país", 2, "pa-ís: a-í hiatus"},
		{"día", 2, "dí-a"},
		{"Raúl", 2, "Ra-úl"},
		{"aéreo", 4, "a-é-re-o: open vowels"},
		{"leer", 2, "le-er"},
		{"poeta", 3, "po-e-ta"},
		{"peor", 2, "pe-or"},
		{"cuidado", 3, "cui-da-do: ui diphthong"},
		{"construir", 2, "cons-truir"},
		{"aire", 2, "ai-re"},
		{"huevo", 2, "hue-vo"},
		{"Uruguay", 3, "U-ru-guay: triphthong with final y"},
		{"averiguáis", 4, "a-ve-ri-guáis: triphthong"},
		{"buey", 1, "buey"},
		{"que", 1, "silent u"},
		{"quien", 1, "silent u, ie diphthong"},
		{"guerra", 2, "gue-rra: silent u"},
		{"guion", 1, "guion: silent u, io diphthong"},
		{"seguimiento", 4, "se-gui-mien-to"},
		{"agua", 2, "a-gua: the u sounds before a"},
		{"pingüino", 3, "pin-güi-no: gü sounds"},
		{"vergüenza", 3, "ver-güen-za"},
		{"hoy", 1, "final y is a vowel"},
		{"muy", 1, "muy"},
		{"ley", 1, "ley"},
		{"y", 1, "the conjunction"},
		{"yo", 1, "y before a vowel is a consonant"},
		{"reyes", 2, "re-yes"},
		{"ayuda", 3, "a-yu-da"},
		{"ahí", 2, "a-hí"},
		{"búho", 2, "bú-ho"},
		{"trámite", 3, "trá-mi-te"},
		{"información", 4, "in-for-ma-ción"},
		{"atención", 3, "a-ten-ción"},
		{"racionalización", 6, "ra-cio-na-li-za-ción"},
		{"PQRSD", 1, "no vowel: one"},
		{"2026", 1, "a number: one"},
		{"ÁREA", 3, "Á-RE-A, capitals"},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			assert.Equal(t, tc.n, Syllables(tc.word), tc.why)
		})
	}
}

// TestReadabilityScoreAndBand checks the Szigriszt-Pazos formula on a
// counted text and the INFLESZ bands.
func TestReadabilityScoreAndBand(t *testing.T) {
	// "Pida su cita. Venga con su cédula." 7 words, 2 sentences;
	// syllables: pi-da 2, su 1, ci-ta 2, ven-ga 2, con 1, su 1, cé-du-la 3 = 12.
	r := Readability("Pida su cita. Venga con su cédula.")
	assert.Equal(t, 7, r.Words)
	assert.Equal(t, 2, r.Sentences)
	assert.Equal(t, 12, r.Syllables)
	assert.InDelta(t, 206.835-62.3*12.0/7-7.0/2, r.Score, 0.06)
	assert.Equal(t, BandVeryEasy, r.Band)

	assert.Equal(t, ReadingEase{}, Readability("  ... ¿? "), "no words, no score")
	assert.Equal(t, 1, Readability("Pague 1.500 pesos a las 10:30").Sentences, "points between digits end no sentence")
	assert.Equal(t, 2, Readability("Paso uno\nPaso dos").Sentences, "a line is a sentence")

	bands := []struct {
		score float64
		band  Band
	}{{0, BandVeryDifficult}, {39.9, BandVeryDifficult}, {40, BandSomewhatHard}, {54.9, BandSomewhatHard}, {55, BandNormal},
		{64.9, BandNormal}, {65, BandFairlyEasy}, {79.9, BandFairlyEasy}, {80, BandVeryEasy}, {100, BandVeryEasy}}
	for _, b := range bands {
		assert.Equal(t, b.band, BandOf(b.score), b.score)
	}
	assert.Equal(t, "bastante fácil", BandFairlyEasy.Label(relaciona.Spanish))
}

// TestPlainLanguageRefusesAHardText: a text under plain_language.min_score
// is refused with its score and its longest sentence; a plain one passes,
// and the threshold is the file's.
func TestPlainLanguageRefusesAHardText(t *testing.T) {
	f := newFixture(t)
	hard := "La presente actuación administrativa, de conformidad con lo establecido en la normatividad vigente aplicable, comprende la verificación documental, la liquidación correspondiente y la expedición del respectivo acto administrativo. Gracias."
	r := Readability(hard)
	require.Less(t, r.Score, 55.0)
	err := f.s.CheckPlainLanguage("text", hard)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "text", ve.Field)
	assert.Contains(t, ve.Msg, "INFLESZ")
	assert.Contains(t, ve.Msg, "«La presente actuación administrativa")
	assert.NoError(t, f.s.CheckPlainLanguage("text", "Pida su cita. Venga con su cédula."))
	assert.NoError(t, f.s.CheckPlainLanguage("text", ""), "nothing to publish")

	f.cfg.PlainLanguage.MinScore = 10
	assert.NoError(t, f.s.CheckPlainLanguage("text", hard), "the threshold is the file's")
}

// TestLongestSentences lists the longest sentences first.
func TestLongestSentences(t *testing.T) {
	got := LongestSentences("Uno. Dos tres cuatro. Cinco seis.", 2)
	assert.Equal(t, []string{"Dos tres cuatro", "Cinco seis"}, got)
}

// FuzzReadability: no input makes Readability, Syllables or
// LongestSentences panic, and the score stays on the scale.
func FuzzReadability(f *testing.F) {
	for _, s := range []string{"", "Pida su cita.", "¿Qué?", "\xff\xfe", "1.500", "güey...", "y", "aéreo guion Uruguay", "a\n\n\nb", "…"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Readability(s)
		if r.Score < 0 || r.Score > 100 {
			t.Fatalf("score %v off the scale", r.Score)
		}
		if r.Words > 0 && r.Syllables < r.Words {
			t.Fatalf("%d syllables for %d words", r.Syllables, r.Words)
		}
		for _, w := range words(s) {
			if Syllables(w) < 1 {
				t.Fatalf("no syllable in %q", w)
			}
		}
		for _, x := range LongestSentences(s, 3) {
			if utf8.RuneCountInString(x) > 160 {
				t.Fatalf("sentence not cut: %q", x)
			}
		}
	})
}
