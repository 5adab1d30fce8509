// Word lists the matcher uses to tell meaning from glue. They are about English chat in general,
// not about this knowledge pack; pack-specific words (aliases, synonyms) live in knowledge/.

/** Glue words: dropped before matching (English function words plus chat filler). */
export const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for from with into onto about as is are was were be been
  being am do does did done doing have has had having will would shall should can could may might must
  i me my myself we us our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves this that these those there here what
  which whats whatever whichever because while until against between through during above below
  down off over up out under further once both few more most other such nor only own same than too very s t d ll m
  re ve o y just so also any some all each then again not no yes yeah yep yup ok okay oh um uh hmm like
  kinda sorta pls plz please hey hi hello yo hiya sup footnote bot quick question q tell me know wonder
  wondering curious anyone somebody someone anybody something anything gimme give show explain info
  information details detail thing things stuff get gets got getting say said says mean means meaning
  really actually basically exactly u ur r ya btw lol tbh imo fyi rn idk wanna gonna gotta dunno
  wtf heck via per re regarding around across along among within without toward towards upon whether though
  although even ever still yet now currently anyway anyways maybe perhaps probably x vs versus wat abt thru tho bc cuz coz wrt ppl smth sth w o`.split(/\s+/),
);

/**
 * Question words are kept as signals: "who wrote the memo" and "when was the memo" ask different
 * things. Variants map to one term; "how much" / "how many" become the single term `how-much`.
 */
export const QUESTION_WORD_TERMS: Readonly<Record<string, string>> = {
  who: 'who', whom: 'who', whose: 'who', when: 'when', where: 'where', why: 'why', how: 'how',
};
export const QUESTION_WORDS = new Set(['who', 'when', 'where', 'why', 'how', 'how-much']);

/**
 * Common English words that are not glue but say little about which fact is asked. An unknown
 * word normally counts heavily against a match (it may be what makes the question out of scope);
 * these count lightly instead.
 */
export const WEAK_WORDS = new Set(
  `go goes going went gone come comes came coming make makes made making take takes took taken use uses
  used using want wants wanted need needs needed find found look looks looking think thinks thought
  new latest recent recently today current big bigger biggest huge large small little whole part people
  person folks guy guys team teams company companies firm firms business businesses biz news story
  stories report reports reported happen happens happened happening deal deals right left way lot lots
  bit well good bad better best worse worst sure true false real kind sort type one two three first
  last next time times year years month months day days week weeks number numbers total exact overall
  main key major official officially public publicly plan plans planning put set keep keeps kept let
  lets try help fit role matter matters important much many able access add agree allow appear ask
  become begin believe bring call calls change changes check consider continue decide describe
  describes expect face feel follow hear hold include includes including increase involve involved lead
  learn leave live lose mean meet move offer pay play provide read remain remember require say see seem
  send serve show sit speak spend stand start stay stop suggest talk tend turn understand wait watch win
  work works working write available certain clear common different early easy entire free full general
  great hard high late local long low possible ready short similar simple special strong wrong popular
  relevant valid point case fact place problem side situation end level line name issue issues reason
  result results question questions answer answers word words anything everything whats up thing
  actual actually gist summary summarise summarize overview explained explain brief briefly quick
  exactly precisely specifically happening`.split(/\s+/),
);

export const GREETINGS = new Set(
  `hi hello hey heya hiya yo sup howdy morning afternoon evening gm greetings hallo hola`.split(/\s+/),
);

export const THANKS = new Set(`thanks thank thx ty tysm cheers thankyou thnx ta appreciated appreciate`.split(/\s+/));

export const FAREWELLS = new Set(`bye goodbye cya later night gn`.split(/\s+/));

/** Whole cleaned inputs that ask what the bot can do. */
export const HELP_REQUESTS = new Set([
  'help', 'help me', 'what can you do', 'what do you do', 'who are you', 'what are you',
  'commands', 'usage', 'how do i use you', 'how does this work', 'what do you know',
  'what do you know about', 'what can i ask', 'what can i ask you', 'menu', 'start', 'about',
]);

/** Words that turn a question into a request for the chronology. */
export const TIMELINE_WORDS = new Set(['timeline', 'chronology', 'chronological', 'history', 'sequence', 'recap', 'events', 'milestones']);

/** Multi-word timeline requests, matched against the cleaned text. */
export const TIMELINE_PHRASES = [
  'what happened', 'in order', 'time line', 'key dates', 'key events', 'order of events',
  'sequence of events', 'how did it unfold', 'how did this unfold', 'walk me through', 'events so far',
  'catch me up', 'catch up', 'how did we get here', 'how we got here', 'step by step', 'walk me thru', 'rundown of',
  'what all happened', 'dates only', 'just the dates', 'tl dr timeline', 'events so far', 'the saga', 'backstory', 'play by play',
  'blow by blow', 'from the start', 'from the beginning', 'what has happened', 'what s happened', 'run me through', 'bring me up to speed',
  'up to speed', 'the story so far', 'whole story', 'full story', 'what did i miss', 'what i missed', 'in date order', 'date order',
  'how did it evolve', 'evolve', 'evolved', 'how did we get here', 'tl dr', 'oldest to newest', 'newest to oldest',
];

/** Words that frame a topic request ("tell me about X", "who is X", "X?"). */
export const TOPIC_FRAMING = new Set(
  `tell me about what who is are was info on information regarding re anything everything
  overview summary summarize summarise background`.split(/\s+/),
);
