/** Thirty notes of an empathy map about a library, by section, for the canvas tests. */
export const EMPATHY_NOTES: Record<string, string[]> = {
	says: [
		'Vorrei la biblioteca aperta la domenica',
		'Gli orari serali sono troppo corti',
		'Il wifi non funziona in sala studio',
		'Mancano le prese elettriche ai tavoli',
		'Mia figlia cerca laboratori per bambini'
	],
	thinks: [
		'Gli orari del sabato sono scomodi',
		'Più laboratori di lettura per bambini',
		'Il wifi è lento la sera',
		'Servono prese elettriche per i portatili',
		'La biblioteca è un posto tranquillo'
	],
	does: [
		'Studia in sala studio tutti i giorni',
		'Porta i bambini ai laboratori del sabato',
		'Legge il giornale al mattino',
		'Prende in prestito fumetti',
		'Cerca una presa elettrica libera'
	],
	feels: [
		'Si sente a casa',
		'Frustrata dagli orari ridotti',
		'Contenta dei laboratori per bambini piccoli',
		'Stanca del rumore',
		'Curiosa delle novità'
	],
	pains: [
		'Orari ridotti d’estate',
		'Poche prese elettriche',
		'Wifi instabile',
		'Sedie scomode',
		'Niente caffè <script>alert(1)</script>'
	],
	gains: [
		'Aperta anche la domenica mattina',
		'Laboratori creativi per bambini',
		'Wifi veloce ovunque',
		'Un angolo caffè',
		'Più piante in sala'
	]
};
