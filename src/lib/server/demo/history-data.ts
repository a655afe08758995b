import type { Stage } from '../../domain/proposal/stages';

/**
 * A year of the demo library system's life, as data: the Design Thinking for Libraries pilots and
 * the CUBI evenings, their boards with the residents' notes, and the proposals born from them in
 * every stage. Days are counted back from the day the demo is seeded, so the history always looks
 * recent. `history.ts` writes it; nothing here touches the database.
 */

export interface NoteSpec {
	text: string;
	/** Empathy-map section id. */
	section?: string;
	/** The cluster's name, when the facilitators put the note in one. */
	cluster?: string;
	/** Dots from phones. */
	dots?: number;
	/** Dots counted on a paper sheet. */
	paper?: number;
	/** Hidden by the facilitators (moderation). */
	hidden?: string;
}

export interface BoardSpec {
	kind: 'empathy-map' | 'idea-wall';
	title: string;
	prompt: string;
	notes: NoteSpec[];
}

export interface WorkshopSpec {
	code: string;
	process: string;
	title: string;
	branch: string | null;
	place?: string;
	daysAgo: number;
	format?: 'listening-point';
	/** Residents who joined. */
	people: number;
	boards: BoardSpec[];
}

export interface ProcessSpec {
	key: string;
	title: string;
	challenge: string;
	branches: string[];
	daysAgo: number;
}

export interface MoveSpec {
	to: Stage;
	daysAgo: number;
	note?: string;
}

export interface ProposalSpec {
	title: string;
	problem: string;
	description: string;
	workshop: string;
	/** Board index in the workshop, and the notes promoted (their texts) or a cluster's name. */
	board: number;
	notes?: string[];
	cluster?: string;
	branches: string[];
	services: string[];
	tags: string[];
	targetGroups: string[];
	/** The stages it went through after `proposed`, in order. */
	moves: MoveSpec[];
	/** For prototyping: the pilot. */
	pilot?: { branch: string; days: number; hypothesis: string; measures: [string, string][] };
	/** For a decision after evaluation: what was observed per measure, and why. */
	outcome?: { observed: string[]; met: boolean[]; feedback: string; why: string };
	/** Merged into the proposal with this title. */
	mergedInto?: string;
	supports: number;
	follows: number;
	comments: string[];
	/** Staff ratings: manager and admin, each [impact, feasibility, cost]. */
	ratings: [number, number, number][];
}

export const PROCESSES: ProcessSpec[] = [
	{
		key: 'niguarda',
		title: 'Design Thinking for Libraries — Niguarda',
		challenge:
			'Come possono le biblioteche di Niguarda e Affori arrivare nei cortili delle case popolari, dove molti non sono mai entrati in una biblioteca?',
		branches: ['niguarda', 'affori'],
		daysAgo: 340
	},
	{
		key: 'gallaratese',
		title: 'Design Thinking for Libraries — Gallaratese',
		challenge:
			'Come potrebbe la biblioteca del Gallaratese diventare il posto dove ragazze e ragazzi studiano, si incontrano e imparano a fare?',
		branches: ['gallaratese', 'quarto-oggiaro'],
		daysAgo: 300
	},
	{
		key: 'lorenteggio',
		title: 'Design Thinking for Libraries — Lorenteggio',
		challenge:
			'Come possiamo rendere i servizi digitali e l’anagrafe in biblioteca facili per chi non usa SPID o non parla bene l’italiano?',
		branches: ['lorenteggio', 'fra-cristoforo'],
		daysAgo: 250
	},
	{
		key: 'cubi',
		title: 'CUBI — La biblioteca che vorrei',
		challenge:
			'Il piano strategico delle biblioteche del Nord Milano: tre serate in tre città per immaginare insieme la biblioteca dei prossimi dieci anni.',
		branches: ['sormani'],
		daysAgo: 200
	},
	{
		key: 'est',
		title: 'Design Thinking for Libraries — Crescenzago, Zara e Oglio',
		challenge:
			'Come possono le biblioteche di quartiere dell’est milanese essere aperte quando la gente può andarci, anche senza bibliotecari?',
		branches: ['crescenzago', 'zara', 'oglio'],
		daysAgo: 150
	}
];

export const WORKSHOPS: WorkshopSpec[] = [
	{
		code: 'NGD234',
		process: 'niguarda',
		title: 'Chi abita i cortili? — mappa dell’empatia a Niguarda',
		branch: 'niguarda',
		daysAgo: 320,
		people: 16,
		boards: [
			{
				kind: 'empathy-map',
				title: 'Mappa dell’empatia',
				prompt: 'Chi incontriamo nei cortili delle case ALER, e che cosa vive?',
				notes: [
					{ text: '«La biblioteca è lontana e non so gli orari»', section: 'says' },
					{ text: 'Pensa che la biblioteca sia solo per chi studia', section: 'thinks' },
					{ text: 'Legge i giornali al bar sotto casa', section: 'does' },
					{ text: 'Si sente a disagio a chiedere aiuto', section: 'feels' },
					{ text: 'Ha poco tempo tra lavoro e figli', section: 'pains' },
					{ text: 'Vorrebbe libri per i nipoti vicino a casa', section: 'gains' },
					{ text: 'Nel cortile c’è una stanza vuota da anni', section: 'does' },
					{ text: 'Scrivere qui cose sui vicini? No grazie', section: 'says', hidden: 'fuori tema' }
				]
			},
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Come potremmo portare la biblioteca nei cortili?',
				notes: [
					{
						text: 'Una libreria nella stanza comune del cortile',
						cluster: 'Biblioteche di condominio',
						dots: 9
					},
					{ text: 'Prestito gestito dai portinai', cluster: 'Biblioteche di condominio', dots: 7 },
					{
						text: 'Scaffale di scambio nell’androne',
						cluster: 'Biblioteche di condominio',
						dots: 5,
						paper: 3
					},
					{ text: 'Il Bibliobus il sabato mattina in via Hermada', cluster: 'Bibliobus', dots: 6 },
					{
						text: 'Letture per bambini in cortile d’estate',
						cluster: 'Eventi in cortile',
						dots: 4
					},
					{ text: 'Un gruppo WhatsApp del cortile per i libri', dots: 1 }
				]
			}
		]
	},
	{
		code: 'NGD345',
		process: 'niguarda',
		title: 'Prototipi per i cortili — Affori',
		branch: 'affori',
		daysAgo: 290,
		people: 12,
		boards: [
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Che cosa serve perché uno scaffale di condominio funzioni davvero?',
				notes: [
					{ text: 'Un referente per ogni scala', cluster: 'Chi se ne occupa', dots: 5 },
					{
						text: 'Libri nuovi ogni mese dalla biblioteca',
						cluster: 'Libri che cambiano',
						dots: 8
					},
					{ text: 'Un quaderno per i consigli di lettura', dots: 3 },
					{
						text: 'Scaffale in via Livigno, nel palazzo dell’oratorio',
						cluster: 'Libri che cambiano',
						dots: 2
					}
				]
			}
		]
	},
	{
		code: 'GHT456',
		process: 'gallaratese',
		title: 'Studiare e fare — serata con le scuole del Gallaratese',
		branch: 'gallaratese',
		daysAgo: 270,
		people: 18,
		boards: [
			{
				kind: 'empathy-map',
				title: 'Mappa dell’empatia',
				prompt: 'Com’è studiare al Gallaratese dopo la scuola?',
				notes: [
					{ text: '«Non c’è un posto dove ripassare insieme»', section: 'says' },
					{ text: 'A casa non ha una scrivania sua', section: 'pains' },
					{ text: 'Vorrebbe stampare e usare una stampante 3D', section: 'gains' },
					{ text: 'Va al centro commerciale per il wi-fi', section: 'does' }
				]
			},
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Come potremmo fare della biblioteca il posto dei ragazzi?',
				notes: [
					{
						text: 'Aula studio aperta fino alle 23 nei mesi degli esami',
						cluster: 'Orari e spazi',
						dots: 12
					},
					{ text: 'Un laboratorio con stampante 3D e cucito', cluster: 'Fare insieme', dots: 9 },
					{ text: 'Tutor universitari volontari il mercoledì', cluster: 'Studio', dots: 6 },
					{ text: 'Sale prenotabili dall’app', cluster: 'Orari e spazi', dots: 4 },
					{ text: 'Più prese elettriche ai tavoli', cluster: 'Orari e spazi', dots: 3, paper: 2 }
				]
			}
		]
	},
	{
		code: 'WST567',
		process: 'lorenteggio',
		title: 'Servizi digitali per tutti — Lorenteggio',
		branch: 'lorenteggio',
		daysAgo: 230,
		people: 14,
		boards: [
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Come potremmo rendere facili i certificati e i servizi online?',
				notes: [
					{
						text: 'Certificati anagrafici in biblioteca anche senza SPID, con assistenza',
						cluster: 'Anagrafe',
						dots: 11
					},
					{
						text: 'Sportello di facilitazione digitale in arabo e spagnolo',
						cluster: 'Facilitazione digitale',
						dots: 8
					},
					{
						text: 'Corso per attivare lo SPID in due sere',
						cluster: 'Facilitazione digitale',
						dots: 5
					},
					{ text: 'Un computer sempre libero per le pratiche', dots: 2 }
				]
			}
		]
	},
	{
		code: 'CBV678',
		process: 'cubi',
		title: 'La biblioteca che vorrei — serata a Cinisello Balsamo',
		branch: null,
		place: 'Villa Ghirlanda, Cinisello Balsamo',
		daysAgo: 190,
		people: 20,
		boards: [
			{
				kind: 'idea-wall',
				title: 'La biblioteca che vorrei',
				prompt: 'Come sarà la biblioteca tra dieci anni?',
				notes: [
					{ text: 'Aperta la sera e la domenica', cluster: 'Orari', dots: 10 },
					{
						text: 'Biblioteca vivente: persone da «prendere in prestito» per una conversazione',
						cluster: 'Incontri',
						dots: 8
					},
					{ text: 'Spazi per associazioni e gruppi di quartiere', cluster: 'Spazi', dots: 5 },
					{ text: 'Armadietti per ritirare i libri a qualsiasi ora', cluster: 'Orari', dots: 7 }
				]
			}
		]
	},
	{
		code: 'CBV789',
		process: 'cubi',
		title: 'La biblioteca che vorrei — serata a Sesto San Giovanni',
		branch: null,
		place: 'Biblioteca civica di Sesto San Giovanni',
		daysAgo: 180,
		people: 15,
		boards: [
			{
				kind: 'idea-wall',
				title: 'La biblioteca che vorrei',
				prompt: 'Come sarà la biblioteca tra dieci anni?',
				notes: [
					{ text: 'Orari più lunghi, anche d’estate', cluster: 'orari', dots: 9 },
					{
						text: 'Prestito di attrezzi e strumenti musicali',
						cluster: 'Prestito diverso',
						dots: 6
					},
					{ text: 'Corsi di italiano con le biblioteche', cluster: 'Incontri', dots: 4 }
				]
			}
		]
	},
	{
		code: 'CBV892',
		process: 'cubi',
		title: 'La biblioteca che vorrei — serata alla Sormani',
		branch: 'sormani',
		daysAgo: 170,
		people: 22,
		boards: [
			{
				kind: 'idea-wall',
				title: 'La biblioteca che vorrei',
				prompt: 'Come sarà la biblioteca tra dieci anni?',
				notes: [
					{
						text: 'Il Bibliobus nei quartieri senza biblioteca, con un calendario fisso',
						cluster: 'Bibliobus',
						dots: 11
					},
					{
						text: 'Eventi che mescolano culture: cucina, musica, lingue',
						cluster: 'Incontri',
						dots: 7
					},
					{ text: 'Orari serali alla Sormani per chi lavora', cluster: 'Orari', dots: 6 },
					{ text: 'Più posti a sedere nella sala di lettura', dots: 3 }
				]
			}
		]
	},
	{
		code: 'EST923',
		process: 'est',
		title: 'Aperti quando serve — Crescenzago',
		branch: 'crescenzago',
		daysAgo: 130,
		people: 13,
		boards: [
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Come potremmo usare la biblioteca anche quando è chiusa?',
				notes: [
					{
						text: 'Smart locker per ritirare i prenotati dopo il lavoro',
						cluster: 'Ritiro autonomo',
						dots: 10
					},
					{ text: 'Restituzione 24 ore su 24 con una buca', cluster: 'Ritiro autonomo', dots: 6 },
					{ text: 'Sala studio con accesso tramite tessera', cluster: 'Spazi', dots: 4 }
				]
			}
		]
	},
	{
		code: 'EST934',
		process: 'est',
		title: 'Aperti quando serve — Zara',
		branch: 'zara',
		daysAgo: 110,
		people: 11,
		boards: [
			{
				kind: 'idea-wall',
				title: 'Muro delle idee',
				prompt: 'Come potremmo usare la biblioteca anche quando è chiusa?',
				notes: [
					{
						text: 'Armadietti in stazione Zara per i libri prenotati',
						cluster: 'Ritiro autonomo',
						dots: 8
					},
					{ text: 'Biblio-point nei negozi del quartiere', cluster: 'Punti prestito', dots: 5 },
					{ text: 'Apertura la domenica mattina', dots: 4 }
				]
			}
		]
	},
	{
		code: 'EST945',
		process: 'est',
		title: 'Punto di ascolto al mercato di via Benedetto Marcello — Oglio',
		branch: 'oglio',
		place: 'Mercato comunale',
		daysAgo: 75,
		format: 'listening-point',
		people: 9,
		boards: [
			{
				kind: 'idea-wall',
				title: 'Punto di ascolto',
				prompt: 'Che cosa vorresti trovare nella biblioteca di Oglio?',
				notes: [
					{ text: 'Libri in cinese e in arabo per i bambini', dots: 5 },
					{ text: 'Un posto tranquillo per leggere il giornale', dots: 3 },
					{ text: 'Corsi di computer per anziani', dots: 4 }
				]
			}
		]
	}
];

export const PROPOSALS: ProposalSpec[] = [
	{
		title: 'Biblioteche di condominio nelle case ALER di Niguarda',
		problem:
			'Nei cortili delle case popolari di Niguarda molti non hanno mai usato la biblioteca: è lontana, gli orari non si conoscono e chiedere aiuto mette a disagio.',
		description:
			'Una piccola biblioteca in ogni stanza comune dei cortili ALER, con libri che la biblioteca di Niguarda rinnova ogni mese e un referente per scala. Nasce dal progetto Parti Comuni e dalle idee più votate della serata nei cortili.',
		workshop: 'NGD234',
		board: 1,
		cluster: 'Biblioteche di condominio',
		branches: ['niguarda', 'affori'],
		services: ['biblioteche-condominio'],
		tags: ['Parti Comuni', 'cortili'],
		targetGroups: ['famiglie', 'anziani'],
		moves: [
			{ to: 'shortlisted', daysAgo: 300, note: 'La più votata della serata: la portiamo avanti.' }
		],
		supports: 9,
		follows: 6,
		comments: [
			'Nel nostro cortile la stanza c’è già, manca solo chi la apre.',
			'Io posso fare la referente della scala B!'
		],
		ratings: [
			[2, 3, 3],
			[2, 3, 3]
		]
	},
	{
		title: 'Uno scaffale di condominio in via Livigno',
		problem:
			'Nel palazzo dell’oratorio di via Livigno c’è spazio per uno scaffale, ma nessuno sa come cominciare né chi lo curerà.',
		description:
			'Uno scaffale di scambio nel palazzo dell’oratorio, curato da due volontari del palazzo con la biblioteca di Dergano, che porta ogni mese una cassa di novità.',
		workshop: 'NGD345',
		board: 0,
		notes: ['Scaffale in via Livigno, nel palazzo dell’oratorio'],
		branches: ['dergano'],
		services: ['biblioteche-condominio'],
		tags: ['Parti Comuni'],
		targetGroups: ['famiglie'],
		moves: [],
		supports: 1,
		follows: 2,
		comments: [],
		ratings: [
			[5, 4, 2],
			[5, 4, 2]
		]
	},
	{
		title: 'Aula studio aperta la sera nei mesi degli esami',
		problem:
			'Le ragazze e i ragazzi del Gallaratese non hanno un posto tranquillo per studiare la sera: a casa manca spazio, i centri commerciali non sono un’aula.',
		description:
			'Da maggio a luglio e a gennaio-febbraio la sala studio della biblioteca del Gallaratese resta aperta fino alle 23, con un presidio di educatori del quartiere.',
		workshop: 'GHT456',
		board: 1,
		cluster: 'Orari e spazi',
		branches: ['gallaratese'],
		services: ['spazi'],
		tags: ['orari', 'giovani'],
		targetGroups: ['studenti'],
		moves: [
			{ to: 'shortlisted', daysAgo: 250 },
			{ to: 'prototyping', daysAgo: 220 },
			{ to: 'evaluating', daysAgo: 120 },
			{ to: 'adopted', daysAgo: 90 }
		],
		pilot: {
			branch: 'gallaratese',
			days: 60,
			hypothesis: 'Se la sala resta aperta la sera, almeno 30 ragazzi a sera la useranno.',
			measures: [
				['Presenze medie a sera', 'almeno 30'],
				['Episodi di disturbo segnalati', 'meno di 1 a settimana']
			]
		},
		outcome: {
			observed: ['42 a sera', 'nessuno'],
			met: [true, true],
			feedback: '«Finalmente un posto dove ripassare insieme»: i ragazzi chiedono di continuare.',
			why: 'Le presenze hanno superato l’obiettivo senza problemi: l’apertura serale diventa stabile nei mesi degli esami.'
		},
		supports: 7,
		follows: 9,
		comments: ['Grazie! A giugno c’era sempre posto.'],
		ratings: [
			[4, 4, 3],
			[4, 5, 3]
		]
	},
	{
		title: 'Un laboratorio del fare al Gallaratese',
		problem:
			'Chi vuole imparare a costruire, cucire o stampare in 3D non ha dove farlo nel quartiere.',
		description:
			'Uno spazio attrezzato in biblioteca con stampante 3D, macchine da cucire e attrezzi, aperto con i volontari del quartiere due pomeriggi a settimana.',
		workshop: 'GHT456',
		board: 1,
		cluster: 'Fare insieme',
		branches: ['gallaratese', 'quarto-oggiaro'],
		services: ['contaminazione-culturale', 'spazi'],
		tags: ['giovani', 'maker'],
		targetGroups: ['studenti', 'adulti'],
		moves: [
			{ to: 'shortlisted', daysAgo: 240 },
			{ to: 'prototyping', daysAgo: 60 }
		],
		pilot: {
			branch: 'quarto-oggiaro',
			days: 90,
			hypothesis:
				'Un laboratorio aperto due pomeriggi attira persone che oggi non vengono in biblioteca.',
			measures: [
				['Partecipanti nuovi iscritti alla biblioteca', 'almeno 40'],
				['Pomeriggi con almeno 8 persone', 'almeno 3 su 4']
			]
		},
		supports: 5,
		follows: 4,
		comments: [],
		ratings: [[4, 3, 4]]
	},
	{
		title: 'Certificati anagrafici in biblioteca, con assistenza',
		problem:
			'Chi non ha SPID o non parla bene l’italiano non riesce a scaricare i certificati, e lo sportello anagrafe ha lunghe attese.',
		description:
			'Una postazione per i certificati ANPR in biblioteca con un operatore due mattine a settimana, che aiuta anche chi non ha SPID o CIE a completare la richiesta.',
		workshop: 'WST567',
		board: 0,
		cluster: 'Anagrafe',
		branches: ['lorenteggio', 'fra-cristoforo'],
		services: ['anagrafe'],
		tags: ['anagrafe', 'inclusione'],
		targetGroups: ['nuovi milanesi', 'anziani'],
		moves: [
			{ to: 'shortlisted', daysAgo: 210 },
			{ to: 'prototyping', daysAgo: 180 },
			{ to: 'evaluating', daysAgo: 60 }
		],
		pilot: {
			branch: 'lorenteggio',
			days: 90,
			hypothesis:
				'Con l’assistenza, la metà di chi chiede un certificato lo ottiene in biblioteca.',
			measures: [
				['Certificati rilasciati al mese', 'almeno 80'],
				['Richieste concluse al primo tentativo', 'almeno il 70%']
			]
		},
		supports: 8,
		follows: 7,
		comments: ['Mia madre ha fatto il certificato di residenza in dieci minuti.'],
		ratings: [
			[5, 3, 3],
			[4, 3, 3]
		]
	},
	{
		title: 'Facilitazione digitale in arabo e spagnolo',
		problem:
			'Le persone arrivate da poco non trovano aiuto nella loro lingua per i servizi online.',
		description:
			'Volontari madrelingua affiancano i facilitatori digitali della biblioteca il sabato mattina, per SPID, fascicolo sanitario e iscrizioni scolastiche.',
		workshop: 'WST567',
		board: 0,
		cluster: 'Facilitazione digitale',
		branches: ['lorenteggio'],
		services: ['facilitazione-digitale'],
		tags: ['inclusione', 'lingue'],
		targetGroups: ['nuovi milanesi'],
		moves: [{ to: 'shortlisted', daysAgo: 200 }],
		supports: 4,
		follows: 3,
		comments: [],
		ratings: [[4, 4, 2]]
	},
	{
		title: 'Corso SPID in due serate',
		problem: 'Attivare lo SPID da soli è difficile per molti.',
		description:
			'Due serate in biblioteca per attivare lo SPID passo passo, con il proprio telefono.',
		workshop: 'WST567',
		board: 0,
		notes: ['Corso per attivare lo SPID in due sere'],
		branches: ['lorenteggio'],
		services: ['facilitazione-digitale'],
		tags: ['inclusione'],
		targetGroups: ['anziani'],
		moves: [
			{
				to: 'merged',
				daysAgo: 195,
				note: 'Fa parte della facilitazione digitale del sabato: la seguiamo lì.'
			}
		],
		mergedInto: 'Facilitazione digitale in arabo e spagnolo',
		supports: 0,
		follows: 1,
		comments: [],
		ratings: []
	},
	{
		title: 'Biblioteca vivente: persone in prestito per una conversazione',
		problem: 'Nei quartieri ci si incontra poco tra persone di storie e culture diverse.',
		description:
			'Una volta al mese le biblioteche ospitano «libri viventi»: persone che raccontano la loro storia a chi le prende in prestito per mezz’ora.',
		workshop: 'CBV678',
		board: 0,
		cluster: 'Incontri',
		branches: ['sormani', 'zara'],
		services: ['biblioteca-vivente', 'eventi'],
		tags: ['incontri', 'CUBI'],
		targetGroups: ['adulti', 'giovani'],
		moves: [
			{ to: 'shortlisted', daysAgo: 160 },
			{ to: 'prototyping', daysAgo: 140 },
			{ to: 'evaluating', daysAgo: 60 },
			{ to: 'adopted', daysAgo: 40 }
		],
		pilot: {
			branch: 'sormani',
			days: 60,
			hypothesis: 'Una biblioteca vivente al mese riempie i posti e porta persone nuove.',
			measures: [
				['Prestiti di «libri viventi» per serata', 'almeno 25'],
				['Partecipanti alla prima visita in biblioteca', 'almeno il 20%']
			]
		},
		outcome: {
			observed: ['31 per serata', '27%'],
			met: [true, true],
			feedback: 'Molti chiedono di poter diventare a loro volta «libri».',
			why: 'Ha raggiunto entrambi gli obiettivi: diventa un appuntamento mensile, alla Sormani e a Zara.'
		},
		supports: 6,
		follows: 8,
		comments: ['La serata con il ciclista di Zara è stata bellissima.'],
		ratings: [
			[4, 5, 4],
			[4, 4, 4]
		]
	},
	{
		title: 'Biblioteche aperte la sera e la domenica',
		problem: 'Chi lavora trova la biblioteca sempre chiusa: la sera e nel fine settimana.',
		description:
			'Aperture serali e domenicali a rotazione tra le biblioteche, con personale e volontari, sentite in tutte e tre le serate CUBI.',
		workshop: 'CBV678',
		board: 0,
		cluster: 'Orari',
		branches: ['sormani', 'crescenzago'],
		services: ['prestito', 'spazi'],
		tags: ['orari', 'CUBI'],
		targetGroups: ['lavoratori'],
		moves: [{ to: 'shortlisted', daysAgo: 150 }],
		supports: 8,
		follows: 5,
		comments: ['La domenica mattina sarebbe perfetta per i bambini.'],
		ratings: [[5, 2, 5]]
	},
	{
		title: 'Prestito di attrezzi e strumenti musicali',
		problem: 'Un trapano si usa pochi minuti l’anno; uno strumento costa troppo per provarlo.',
		description: 'Una «biblioteca delle cose» con attrezzi e strumenti in prestito come i libri.',
		workshop: 'CBV789',
		board: 0,
		cluster: 'Prestito diverso',
		branches: ['crescenzago'],
		services: ['prestito'],
		tags: ['CUBI'],
		targetGroups: ['famiglie'],
		moves: [
			{
				to: 'archived',
				daysAgo: 120,
				note: 'Per ora non abbiamo spazi e assicurazione per gli attrezzi: la riprenderemo con il nuovo magazzino.'
			}
		],
		supports: 3,
		follows: 2,
		comments: ['Peccato, speriamo presto.'],
		ratings: [[3, 2, 4]]
	},
	{
		title: 'Il Bibliobus con un calendario fisso nei quartieri senza biblioteca',
		problem: 'Dove non c’è una biblioteca, il Bibliobus passa ma nessuno sa quando.',
		description:
			'Fermate fisse, lo stesso giorno e alla stessa ora ogni settimana, annunciate nei cortili, nelle scuole e sui telefoni di chi segue la proposta.',
		workshop: 'CBV892',
		board: 0,
		cluster: 'Bibliobus',
		branches: ['bibliobus', 'niguarda'],
		services: ['bibliobus'],
		tags: ['Bibliobus', 'CUBI'],
		targetGroups: ['anziani', 'famiglie'],
		moves: [
			{ to: 'shortlisted', daysAgo: 150 },
			{ to: 'prototyping', daysAgo: 100 },
			{ to: 'evaluating', daysAgo: 20 }
		],
		pilot: {
			branch: 'bibliobus',
			days: 70,
			hypothesis: 'Con un calendario fisso le persone tornano alla fermata ogni settimana.',
			measures: [
				['Prestiti per fermata', 'almeno 35'],
				['Persone che tornano la settimana dopo', 'almeno la metà']
			]
		},
		supports: 6,
		follows: 6,
		comments: [],
		ratings: [
			[4, 4, 3],
			[3, 4, 3]
		]
	},
	{
		title: 'Serate che mescolano culture',
		problem: 'Le biblioteche organizzano eventi, ma spesso per le stesse persone.',
		description:
			'Cucina, musica e lingue dei vicini di casa, una sera al mese, con le associazioni.',
		workshop: 'CBV892',
		board: 0,
		cluster: 'Incontri',
		branches: ['sormani'],
		services: ['eventi', 'contaminazione-culturale'],
		tags: ['CUBI', 'incontri'],
		targetGroups: ['adulti'],
		moves: [],
		supports: 2,
		follows: 1,
		comments: [],
		ratings: []
	},
	{
		title: 'Smart locker per i prenotati a Crescenzago',
		problem: 'Chi lavora non riesce a ritirare i libri prenotati negli orari di apertura.',
		description:
			'Armadietti automatici all’ingresso della biblioteca, aperti dalla tessera, per ritirare i prenotati a qualsiasi ora.',
		workshop: 'EST923',
		board: 0,
		cluster: 'Ritiro autonomo',
		branches: ['crescenzago'],
		services: ['smart-locker'],
		tags: ['orari'],
		targetGroups: ['lavoratori'],
		moves: [
			{ to: 'shortlisted', daysAgo: 120 },
			{ to: 'prototyping', daysAgo: 100 },
			{ to: 'evaluating', daysAgo: 40 },
			{
				to: 'archived',
				daysAgo: 25,
				note: 'Usati poco: i prenotati si ritirano già in orario. Ci riproviamo a Zara, vicino alla stazione.'
			}
		],
		pilot: {
			branch: 'crescenzago',
			days: 50,
			hypothesis: 'Un terzo dei prenotati verrà ritirato fuori orario.',
			measures: [['Prenotati ritirati dagli armadietti', 'almeno il 30%']]
		},
		outcome: {
			observed: ['il 9%'],
			met: [false],
			feedback: 'Chi li ha usati li trova comodi, ma sono pochi.',
			why: 'Usati poco: i prenotati si ritirano già in orario. Ci riproviamo a Zara, vicino alla stazione.'
		},
		supports: 2,
		follows: 3,
		comments: [],
		ratings: [[3, 4, 4]]
	},
	{
		title: 'Armadietti per i libri in stazione Zara',
		problem: 'Chi passa dalla stazione Zara ogni giorno non passa dalla biblioteca.',
		description:
			'Armadietti per il ritiro dei prenotati nell’atrio della stazione, con la metropolitana.',
		workshop: 'EST934',
		board: 0,
		cluster: 'Ritiro autonomo',
		branches: ['zara'],
		services: ['smart-locker'],
		tags: ['orari', 'pendolari'],
		targetGroups: ['lavoratori', 'studenti'],
		moves: [],
		supports: 3,
		follows: 2,
		comments: ['Io passo di lì tutti i giorni!'],
		ratings: []
	},
	{
		title: 'Biblio-point nei negozi di Zara',
		problem: 'I negozi di quartiere sono aperti quando la biblioteca è chiusa.',
		description: 'Una cassetta di libri in prestito in tre negozi del quartiere, con la tessera.',
		workshop: 'EST934',
		board: 0,
		cluster: 'Punti prestito',
		branches: ['zara'],
		services: ['biblio-point', 'punti-prestito'],
		tags: [],
		targetGroups: ['famiglie'],
		moves: [],
		supports: 1,
		follows: 0,
		comments: [],
		ratings: []
	},
	{
		title: 'Libri per bambini in cinese e arabo a Oglio',
		problem: 'Molte famiglie del mercato non trovano libri nella loro lingua per i figli.',
		description:
			'Uno scaffale di libri per l’infanzia in cinese e arabo, scelti con le famiglie del quartiere.',
		workshop: 'EST945',
		board: 0,
		notes: ['Libri in cinese e in arabo per i bambini'],
		branches: ['oglio'],
		services: ['prestito'],
		tags: ['lingue', 'inclusione'],
		targetGroups: ['famiglie', 'nuovi milanesi'],
		moves: [],
		supports: 2,
		follows: 2,
		comments: [],
		ratings: []
	}
];

/** Nicknames residents chose, as phones would show them. */
export const NICKNAMES = [
	'Anna',
	'Beppe',
	'Carla',
	'Dario',
	'Elena',
	'Franco',
	'Giulia B.',
	'Hassan',
	'Ilaria',
	'Jun',
	'Kevin',
	'Lucia',
	'Mario',
	'Nadia',
	'Omar',
	'Paola',
	'Rosa',
	'Sara',
	'Tommaso',
	'Ugo',
	'Valentina',
	'Wei',
	'Yasmin',
	'Zeno'
];
