// HermiT: is the ontology consistent, and which classes are unsatisfiable?
// Run by scripts/owl/dl_check.py as `java -cp HermiT.jar HermitCheck.java FILE [ignore-unsupported-datatypes]`
// (HermiT.jar bundles its own OWLAPI); prints "consistent true|false", one
// "UNSATISFIABLE<TAB>IRI" line per unsatisfiable class, then "unsatisfiable N".
import java.io.File;
import java.util.Set;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

public class HermitCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = args.length > 1 && args[1].equals("ignore-unsupported-datatypes");
        Reasoner reasoner = new Reasoner(configuration, ontology);
        boolean consistent = reasoner.isConsistent();
        System.out.println("consistent " + consistent);
        if (consistent) {
            Set<OWLClass> unsatisfiable = reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom();
            for (OWLClass c : unsatisfiable) {
                System.out.println("UNSATISFIABLE\t" + c.getIRI());
            }
            System.out.println("unsatisfiable " + unsatisfiable.size());
        }
    }
}
